using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.UIHints;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>
/// Starts a saved ChatGPT Workspace Agent through its API trigger (<c>POST /v1/workspace_agents/{agtch_id}/trigger</c>).
/// The access token and trigger ID come from the named connection in host configuration, never from the workflow.
/// A 202 means queued, not finished: the agent's result appears in its destination.
/// </summary>
[Activity(WorkspaceAgentsActivityMetadata.Namespace, WorkspaceAgentsActivityMetadata.Category,
    "Starts a ChatGPT Workspace Agent run through its API trigger. Accepted means queued, not finished: verify the result in the agent's destination (search it for the request ID). Wire every other outcome to an error path.",
    DisplayName = "Trigger Workspace Agent", Kind = ActivityKind.Task)]
[ConnectionPlatforms(AgentPlatform.WorkspaceAgents)]
public class TriggerWorkspaceAgent : TriggerActivityBase
{
    /// <inheritdoc />
    public TriggerWorkspaceAgent([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
    {
    }

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var request = CreateRequest(context);
        var connectionName = NullIfBlank(Connection.GetOrDefault(context));
        AgentPlatform platform;
        try
        {
            platform = context.GetRequiredService<IAgentConnectionRegistry>().Describe(connectionName).Platform;
        }
        catch (AgentInputException exception)
        {
            await RefuseAsync(context, exception.Message, request.SourceRequestId, request.IdempotencyKey);
            return;
        }

        if (platform != AgentPlatform.WorkspaceAgents)
        {
            await RefuseAsync(context,
                $"The connection '{connectionName}' is a {platform} connection; Trigger Workspace Agent needs a Workspace Agents connection. Use Trigger Agent for other platforms.",
                request.SourceRequestId, request.IdempotencyKey);
            return;
        }

        await TriggerAsync(context, request, connectionName);
    }
}
