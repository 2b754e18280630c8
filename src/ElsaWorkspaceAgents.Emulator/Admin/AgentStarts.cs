using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElsaWorkspaceAgents.Emulator.State;

namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>
/// Every agent run started since the last reset, on all four platforms, read from each platform's own records (Workspace
/// Agents runs, GPT Workbench jobs, DocsGPT tasks, Writer executions). An idempotent replay starts nothing and is not
/// listed, so counting starts per request ID shows whether any event ran twice.
/// </summary>
internal static partial class AgentStarts
{
    public static IEnumerable<AgentStart> All(EmulatorState state) =>
        state.WorkspaceAgents.Runs.Select(r => new AgentStart("workspace_agents", r.RunId, r.ChannelId, r.RequestId ?? RequestIdIn(r.Input), r.AcceptedAt))
            .Concat(state.GptWorkbench.Jobs.Select(j => new AgentStart("gpt_workbench", j.JobId!, j.TriggerId, RequestIdIn(j.Prompt), j.QueuedAt)))
            .Concat(state.DocsGpt.Tasks.Select(t => new AgentStart("docsgpt", t.TaskId, t.AgentId, RequestIdIn(t.Payload), t.CreatedAt)))
            .Concat(state.Writer.Executions.Select(e => new AgentStart("writer", e.JobId ?? e.ExecutionId, $"{e.AgentId}/{e.BlueprintId}",
                RequestIdIn(e.Inputs), e.StartedAt)));

    /// <summary>A structured payload's own <c>requestId</c> (or <c>request_id</c>), else a <c>Request ID:</c> line anywhere in it.</summary>
    private static string? RequestIdIn(JsonNode? node)
    {
        if (node is JsonObject payload)
        {
            foreach (var name in (ReadOnlySpan<string>)["requestId", "request_id"])
            {
                if (payload[name] is JsonValue value && value.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id))
                {
                    return id;
                }
            }
        }

        return node is null ? null : RequestIdIn(node.ToJsonString());
    }

    private static string? RequestIdIn(string? text) =>
        text is not null && RequestIdLine().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    // In JSON the line break after the ID is the two characters \n, so the ID ends at the first character outside the set.
    [GeneratedRegex(@"Request ID: ([A-Za-z0-9._:\-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdLine();
}
