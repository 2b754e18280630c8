using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElsaWorkspaceAgents.Core.Events;

/// <summary>
/// Turns whatever a host holds as an event payload (a parsed HTTP body, a dictionary, a JSON string, a
/// <see cref="JsonElement"/> or <see cref="JsonNode"/>) into the <see cref="SourceEvent.Payload"/> JSON, so every host
/// maps payloads the same way.
/// </summary>
public static class SourceEventPayload
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.General) { MaxDepth = 64 };

    /// <summary>The payload as JSON, or null when there is none.</summary>
    /// <remarks>
    /// A string that starts with <c>{</c> or <c>[</c> is parsed as JSON (and refused when it is not valid JSON); any
    /// other string is kept as a JSON string. Objects are serialized with System.Text.Json.
    /// </remarks>
    /// <exception cref="AgentInputException">The value cannot be represented as JSON.</exception>
    public static JsonElement? From(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonElement element:
                return element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : element.Clone();
            case JsonDocument document:
                return From(document.RootElement);
            case JsonNode node:
                return JsonSerializer.SerializeToElement(node, SerializerOptions);
            case string text:
                return FromText(text);
        }

        try
        {
            return From(JsonSerializer.SerializeToElement(value, value.GetType(), SerializerOptions));
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new AgentInputException($"The event payload ({value.GetType().Name}) cannot be written as JSON: {exception.Message}", "payload");
        }
    }

    private static JsonElement? FromText(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (trimmed[0] is not ('{' or '['))
        {
            return JsonSerializer.SerializeToElement(text, SerializerOptions);
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new AgentInputException($"The event payload looks like JSON but is not valid JSON: {exception.Message}", "payload");
        }
    }
}
