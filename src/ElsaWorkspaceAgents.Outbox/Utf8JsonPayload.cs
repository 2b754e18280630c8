using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// Reads an event payload that arrives as bytes (a file, a queue message) strictly: invalid UTF-8 or malformed JSON is
/// refused with a clear <see cref="AgentInputException"/> instead of being decoded with replacement characters and sent.
/// </summary>
public static class Utf8JsonPayload
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses UTF-8 JSON (a leading byte-order mark is allowed) into a payload element.</summary>
    /// <param name="utf8Json">The raw bytes.</param>
    /// <param name="what">How to name the payload in the error, e.g. its file name.</param>
    /// <exception cref="AgentInputException">The bytes are not valid UTF-8, or not valid JSON.</exception>
    public static JsonElement Parse(ReadOnlySpan<byte> utf8Json, string what = "payload")
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8Json.StartsWith(Encoding.UTF8.Preamble) ? utf8Json[Encoding.UTF8.Preamble.Length..] : utf8Json);
        }
        catch (DecoderFallbackException exception)
        {
            throw new AgentInputException($"The {what} is not valid UTF-8 (invalid byte sequence at offset {exception.Index}); nothing was stored.", nameof(utf8Json));
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new AgentInputException(
                $"The {what} is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}); nothing was stored.", nameof(utf8Json));
        }
    }
}
