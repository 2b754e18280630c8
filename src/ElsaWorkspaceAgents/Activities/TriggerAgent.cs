using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Activities.Flowchart.Attributes;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>
/// Starts an agent run on any supported platform; the connection picks the platform: ChatGPT Workspace Agents,
/// GPT Workbench API triggers, DocsGPT agent webhooks or Writer blueprints. Credentials come from the named connection.
/// </summary>
[Activity(WorkspaceAgentsActivityMetadata.Namespace, WorkspaceAgentsActivityMetadata.Category,
    "Starts an agent run on the platform of the chosen connection (Workspace Agents, GPT Workbench, DocsGPT or Writer). Wire Run ID into Wait For Agent Result where the platform reports results. Unconfirmed (GPT Workbench, Writer): the agent may have started and no answer confirmed it; check the platform before sending again.",
    DisplayName = "Trigger Agent", Kind = ActivityKind.Task)]
// The trigger outcomes plus Unconfirmed, which only platforms without an idempotency key can end in (Trigger Workspace Agent never does).
[FlowNode(TriggerOutcomes.Accepted, TriggerOutcomes.Unauthorized, TriggerOutcomes.Forbidden, TriggerOutcomes.NotFound,
    TriggerOutcomes.Conflict, TriggerOutcomes.RateLimited, TriggerOutcomes.InvalidInput, TriggerOutcomes.Failed, TriggerOutcomes.Unconfirmed)]
public class TriggerAgent : TriggerActivityBase
{
    /// <inheritdoc />
    public TriggerAgent([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
    {
    }

    /// <summary>Structured input for DocsGPT and Writer.</summary>
    [Input(DisplayName = "Structured Input", Description = "Optional JSON for platforms that take it: the DocsGPT webhook payload, or Writer's inputs. Empty: DocsGPT receives {\"question\": input} and Writer {\"inputs\": input}.",
        UIHint = InputUIHints.JsonEditor, Order = 6)]
    public Input<object?> StructuredInput { get; set; } = new((object?)null);

    /// <summary>GPT Workbench's caller identifier.</summary>
    [Input(DisplayName = "Source", Description = "Optional: identifies the calling system to GPT Workbench (at most 100 characters).", Order = 7)]
    public Input<string?> CallerSource { get; set; } = new((string?)null);

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var request = CreateRequest(context);
        try
        {
            request = request with
            {
                StructuredInput = SourceEventPayload.From(StructuredInput.GetOrDefault(context)),
                Source = NullIfBlank(CallerSource.GetOrDefault(context)),
            };
        }
        catch (AgentInputException exception)
        {
            await RefuseAsync(context, exception.Message, request.SourceRequestId, request.IdempotencyKey);
            return;
        }

        await TriggerAsync(context, request, NullIfBlank(Connection.GetOrDefault(context)));
    }
}
