using System.Text.Json;

namespace ElsaWorkspaceAgents.Core.Platforms;

/// <summary>Tolerant reads of platform JSON: the first of several spellings that is present, as text.</summary>
internal static class JsonFields
{
    /// <summary>The first named property that is a string (or a number, as its text); null when none is.</summary>
    public static string? Text(JsonElement element, params ReadOnlySpan<string> names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value))
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        return value.GetString();
                    case JsonValueKind.Number:
                        return value.GetRawText();
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The first named property that is present and not null: a string as its value, anything else as its raw JSON
    /// (a result can be any JSON, and the caller should see it unchanged).
    /// </summary>
    public static string? TextOrJson(JsonElement element, params ReadOnlySpan<string> names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
        }

        return null;
    }

    /// <summary>Parses a body that should be a JSON object; null when it is empty, not JSON, or not an object.</summary>
    public static JsonDocument? ParseObject(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Not JSON: the caller decides what that means.
        }

        return null;
    }
}
