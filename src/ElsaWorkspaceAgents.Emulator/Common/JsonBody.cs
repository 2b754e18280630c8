using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Emulator.Common;

/// <summary>Result of reading a request body as JSON.</summary>
internal readonly record struct JsonBodyResult(JsonBodyStatus Status, JsonElement Root, string RawText);

internal enum JsonBodyStatus
{
    Ok,
    NotJsonContentType,
    Empty,
    Malformed,
}

/// <summary>
/// Reads the body manually rather than through model binding, so each platform can answer malformed input
/// with its own documented error shape instead of ASP.NET Core's problem details.
/// </summary>
internal static class JsonBody
{
    public static async Task<JsonBodyResult> ReadAsync(HttpRequest request, bool requireJsonContentType, CancellationToken cancellationToken)
    {
        if (requireJsonContentType && !request.HasJsonContentType())
        {
            return new JsonBodyResult(JsonBodyStatus.NotJsonContentType, default, string.Empty);
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonBodyResult(JsonBodyStatus.Empty, default, text);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return new JsonBodyResult(JsonBodyStatus.Ok, document.RootElement.Clone(), text);
        }
        catch (JsonException)
        {
            return new JsonBodyResult(JsonBodyStatus.Malformed, default, text);
        }
    }
}
