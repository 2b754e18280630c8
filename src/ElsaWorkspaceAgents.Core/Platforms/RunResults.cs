using System.Text.Json;
using ElsaWorkspaceAgents.Core.Platforms.Writer;
using ElsaWorkspaceAgents.Core.Runs;

namespace ElsaWorkspaceAgents.Core.Platforms;

/// <summary>
/// Turns each platform's finished result into the answer text and the full result as JSON (<see cref="RunSnapshot.Answer"/>,
/// <see cref="RunSnapshot.ResultJson"/>), so the next step gets the answer rather than the platform's envelope.
/// </summary>
public static class RunResults
{
    /// <summary>
    /// DocsGPT's task <c>result</c>: <c>{"status": …, "result": {"answer": …}}</c> gives the answer text; a result that is a
    /// plain string is the answer itself. The whole result is kept as JSON.
    /// </summary>
    public static (string? Answer, string? Json) FromDocsGpt(JsonElement result)
    {
        switch (result.ValueKind)
        {
            case JsonValueKind.String:
                return (result.GetString(), result.GetRawText());
            case JsonValueKind.Object:
                var answer = AnswerIn(result)
                             ?? (result.TryGetProperty("result", out var inner) ? AnswerIn(inner) ?? StringOrNull(inner) : null);
                return (answer ?? result.GetRawText(), result.GetRawText());
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return (null, null);
            default:
                return (result.GetRawText(), result.GetRawText());
        }
    }

    /// <summary>Writer's <c>artifact</c> is always a string; when it holds a JSON object or array, that is the result JSON too.</summary>
    public static (string? Answer, string? Json) FromWriter(string? artifact)
    {
        var json = WriterArtifact.TryParseJson(artifact, out var parsed) && parsed.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? parsed.GetRawText()
            : null;
        return (string.IsNullOrEmpty(artifact) ? null : artifact, json);
    }

    /// <summary>GPT Workbench's <c>response</c> is the answer; the execution object (status answer or callback body) is the result JSON.</summary>
    public static (string? Answer, string? Json) FromGptWorkbench(JsonElement execution, string? response) =>
        (response, execution.ValueKind == JsonValueKind.Object ? execution.GetRawText() : null);

    private static string? AnswerIn(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("answer", out var answer) && answer.ValueKind == JsonValueKind.String
            ? answer.GetString()
            : null;

    private static string? StringOrNull(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;
}
