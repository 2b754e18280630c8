using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElsaWorkspaceAgents.Emulator.Common;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>
/// Turns a blueprint's Return Value into the string Writer sends: strings as they are, anything else serialized to JSON
/// ("If your blueprint returns a JSON object, it will be serialized as a JSON string"). String leaves may reference the
/// request like Writer expressions do: <c>@{result.inputs}</c> or <c>@{result.inputs.field.sub}</c>.
/// </summary>
internal static partial class ReturnValueRenderer
{
    public static string Render(JsonNode? returnValue, JsonNode? inputs)
    {
        if (returnValue is null)
        {
            return string.Empty;
        }

        var resolved = Substitute(returnValue.DeepClone(), inputs);
        return resolved is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : resolved!.ToJsonString(ApiJson.Wire);
    }

    private static JsonNode? Substitute(JsonNode? node, JsonNode? inputs)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToArray())
                {
                    obj[key] = Substitute(obj[key], inputs);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Substitute(array[i], inputs);
                }

                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(Placeholder().Replace(value.GetValue<string>(), m => Lookup(inputs, m.Groups["path"].Value)));
            default:
                return node;
        }
    }

    private static string Lookup(JsonNode? inputs, string path)
    {
        var current = inputs;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current is JsonObject obj ? obj[segment] : null;
        }

        return current switch
        {
            null => string.Empty,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => current.ToJsonString(ApiJson.Wire),
        };
    }

    [GeneratedRegex(@"@\{result\.inputs(?<path>(?:\.[A-Za-z0-9_\-]+)*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
