using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElsaWorkspaceAgents.Emulator.Common;

/// <summary>Serializer settings shared by the emulator's endpoints.</summary>
public static class ApiJson
{
    /// <summary>
    /// Platform wire format: property names are written exactly as declared (the platforms mix snake_case and camelCase),
    /// nulls are kept because clients are documented to see fields such as <c>"error": null</c>.
    /// </summary>
    public static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Admin API and fixture format: camelCase, enums as snake_case strings, tolerant reading.</summary>
    public static readonly JsonSerializerOptions Admin = CreateAdmin();

    private static JsonSerializerOptions CreateAdmin()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }
}
