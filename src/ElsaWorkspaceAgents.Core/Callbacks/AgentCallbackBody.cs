using System.Globalization;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Platforms;
using ElsaWorkspaceAgents.Core.Platforms.DocsGpt;
using ElsaWorkspaceAgents.Core.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Core.Platforms.Writer;
using ElsaWorkspaceAgents.Core.Runs;

namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>
/// Reads a verified callback body: GPT Workbench's <c>{"event","jobId","runId","status","response","errorMessage",…,"timestamp"}</c>,
/// tolerant of the other platforms' field names (<c>job_id</c>, <c>task_id</c>, <c>artifact</c>, <c>result</c>).
/// </summary>
internal static class AgentCallbackBody
{
    public static bool TryRead(AgentPlatform platform, JsonElement root, DateTimeOffset receivedAt, out string runId, out string? eventName, out RunSnapshot snapshot)
    {
        runId = JsonFields.Text(root, "jobId", "job_id", "task_id", "taskId", "run_id", "id") ?? string.Empty;
        eventName = JsonFields.Text(root, "event", "type");
        snapshot = null!;
        if (runId.Length == 0)
        {
            return false;
        }

        var status = JsonFields.Text(root, "status") ?? eventName switch
        {
            "execution.completed" => "completed",
            "execution.failed" => "failed",
            _ => "unknown",
        };
        var state = platform switch
        {
            AgentPlatform.DocsGpt => DocsGptStatusReader.StateOf(status),
            AgentPlatform.Writer => WriterJobStatusReader.StateOf(status),
            _ => GptWorkbenchStatusReader.StateOf(status),
        };
        string? output;
        (string? Answer, string? Json) result;
        switch (platform)
        {
            case AgentPlatform.DocsGpt:
                output = JsonFields.TextOrJson(root, "result");
                result = root.TryGetProperty("result", out var docs) ? RunResults.FromDocsGpt(docs) : (null, null);
                break;
            case AgentPlatform.Writer:
                output = JsonFields.TextOrJson(root, "artifact");
                result = RunResults.FromWriter(output);
                break;
            default:
                output = JsonFields.TextOrJson(root, "response", "output", "result");
                result = RunResults.FromGptWorkbench(root, output);
                break;
        }

        var succeeded = state == RunState.Succeeded;
        snapshot = new RunSnapshot
        {
            RunId = runId,
            State = state,
            RawStatus = status,
            Output = output,
            Answer = succeeded ? result.Answer : null,
            ResultJson = succeeded ? result.Json : null,
            Error = JsonFields.TextOrJson(root, "errorMessage", "error_message", "error")
                    ?? (state == RunState.Failed ? "The callback reports the run as failed without a message." : null),
            ObservedAt = receivedAt,
        };
        return true;
    }

    /// <summary>The sending time from a body field (ISO-8601 or unix seconds) or, failing that, a header of unix seconds.</summary>
    public static DateTimeOffset? SentAt(JsonElement root, string field, string? header)
    {
        if (root.TryGetProperty(field, out var value))
        {
            if (value.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds))
            {
                return FromUnix(seconds);
            }

            // A field that is present but unreadable must not fall back to the unsigned header.
            return null;
        }

        return long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var headerSeconds) ? FromUnix(headerSeconds) : null;
    }

    private static DateTimeOffset? FromUnix(long seconds) =>
        seconds is > 0 and < 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
