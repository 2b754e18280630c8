using System.Text.Json;

namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>
/// Writer's <c>artifact</c> (and a sync run's output) is always a string: a blueprint that returns a JSON object has
/// it serialized into that string. This parses it back when the caller wants the fields.
/// </summary>
public static class WriterArtifact
{
    /// <summary>
    /// Parses the artifact as JSON. False when it is null, empty or plain text; note that text which happens to be
    /// valid JSON (<c>42</c>, <c>true</c>) parses too, so ask only when the blueprint is known to return JSON.
    /// </summary>
    public static bool TryParseJson(string? artifact, out JsonElement value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(artifact))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(artifact);
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
