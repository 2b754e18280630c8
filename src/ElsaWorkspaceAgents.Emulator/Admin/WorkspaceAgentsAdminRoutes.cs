using ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>Inspection and approval endpoints for the Workspace Agents emulation.</summary>
internal static class WorkspaceAgentsAdminRoutes
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/runs", (WorkspaceAgentsState state, string? channelId, string? status) =>
        {
            IEnumerable<WorkspaceAgentRun> runs = state.Runs;
            if (channelId is not null)
            {
                runs = runs.Where(r => r.ChannelId == channelId);
            }

            if (status is not null)
            {
                runs = runs.Where(r => string.Equals(Snake(r.Status.ToString()), status, StringComparison.OrdinalIgnoreCase));
            }

            return AdminResults.Ok(runs.ToArray());
        });

        admin.MapGet("/runs/{runId}", (string runId, WorkspaceAgentsState state) =>
            state.GetRun(runId) is { } run ? AdminResults.Ok(run) : AdminResults.NotFound($"No run '{runId}'."));

        admin.MapGet("/destinations", (WorkspaceAgentsState state) =>
        {
            var writes = state.AllWrites;
            return AdminResults.Ok(state.Destinations.Select(d => new
            {
                d.Name,
                d.Kind,
                d.Approval,
                d.Connected,
                Written = writes.Count(w => w.Destination == d.Name && w.Status == DestinationWriteStatus.Written),
                PendingApproval = writes.Count(w => w.Destination == d.Name && w.Status == DestinationWriteStatus.PendingApproval),
            }).ToArray());
        });

        admin.MapGet("/destinations/{name}", (string name, string? include, WorkspaceAgentsState state) =>
        {
            if (state.Destinations.All(d => d.Name != name))
            {
                return AdminResults.NotFound($"No destination '{name}'.");
            }

            var includeAll = string.Equals(include, "all", StringComparison.OrdinalIgnoreCase);
            return AdminResults.Ok(state.GetDestinationWrites(name, includeAll));
        });

        admin.MapGet("/approvals", (WorkspaceAgentsState state) => AdminResults.Ok(state.PendingApprovals));
        admin.MapPost("/approvals/{writeId}/approve", (string writeId, WorkspaceAgentsState state) => Decision(state.Approve(writeId), writeId));
        admin.MapPost("/approvals/{writeId}/reject", (string writeId, WorkspaceAgentsState state) => Decision(state.Reject(writeId), writeId));

        admin.MapGet("/conversations", (WorkspaceAgentsState state, string? agentId, string? conversationKey) =>
            AdminResults.Ok(state.Conversations
                .Where(c => (agentId is null || c.AgentId == agentId) && (conversationKey is null || c.ConversationKey == conversationKey))
                .ToArray()));

        admin.MapGet("/conversations/{conversationId}", (string conversationId, WorkspaceAgentsState state) =>
            state.GetConversation(conversationId) is { } conversation
                ? AdminResults.Ok(conversation)
                : AdminResults.NotFound($"No conversation '{conversationId}'."));

        admin.MapGet("/idempotency/replays", (WorkspaceAgentsState state) => AdminResults.Ok(state.IdempotentReplays));
    }

    private static IResult Decision(ApprovalResult result, string writeId) => result.Outcome switch
    {
        ApprovalOutcome.Done => AdminResults.Ok(result.Write),
        ApprovalOutcome.NotFound => AdminResults.NotFound($"No write '{writeId}'."),
        _ => AdminResults.Error(StatusCodes.Status409Conflict, $"Write '{writeId}' is not pending approval (status: {Snake(result.Write!.Status.ToString())})."),
    };

    private static string Snake(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}
