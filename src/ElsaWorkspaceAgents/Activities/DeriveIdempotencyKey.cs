using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Activities.Flowchart.Attributes;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>
/// Derives the <c>Idempotency-Key</c> for a source event from the event's identity only, never from the workflow
/// instance or the execution: a retry, a crash-and-resume or a duplicate delivery of the same event sends the same key,
/// and the platform returns the original outcome instead of starting a second run. Behaviour lives in <see cref="IdempotencyKey"/>.
/// </summary>
[Activity(WorkspaceAgentsActivityMetadata.Namespace, WorkspaceAgentsActivityMetadata.Category,
    "Derives a stable idempotency key from the source event (system, type, ID), so re-running the workflow for the same event never starts a second agent run. Wire its Key output into the trigger's Idempotency Key.",
    DisplayName = "Derive Idempotency Key")]
[FlowNode(WorkspaceAgentsActivityMetadata.Done, WorkspaceAgentsActivityMetadata.InvalidInput)]
public class DeriveIdempotencyKey : Activity
{
    /// <inheritdoc />
    public DeriveIdempotencyKey([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
    {
    }

    /// <summary>The system the event comes from.</summary>
    [Input(DisplayName = "Source System", Description = "The system the event comes from, e.g. helpdesk.", Order = 1)]
    public Input<string> SourceSystem { get; set; } = new(string.Empty);

    /// <summary>What happened.</summary>
    [Input(DisplayName = "Event Type", Description = "What happened, e.g. ticket.created.", Order = 2)]
    public Input<string> EventType { get; set; } = new(string.Empty);

    /// <summary>The source's ID for the event.</summary>
    [Input(DisplayName = "Event ID", Description = "The source system's own ID for this event. Use the event's ID, not the workflow's: that is what makes retries safe.", Order = 3)]
    public Input<string> EventId { get; set; } = new(string.Empty);

    /// <summary>Optional scope, e.g. the trigger or connection.</summary>
    [Input(Description = "Optional: the trigger or connection the event is sent to, so one event fanned out to two agents starts each of them once.", Order = 4)]
    public Input<string?> Scope { get; set; } = new((string?)null);

    /// <summary>The derived key.</summary>
    [Output(Description = "The idempotency key (ik1_ followed by 64 hex characters).")]
    public Output<string>? Key { get; set; }

    /// <summary>Why no key could be derived.</summary>
    [Output(Description = "Why no key could be derived (on Invalid Input).")]
    public Output<string?>? Error { get; set; }

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        string key;
        try
        {
            var scope = Scope.GetOrDefault(context);
            key = IdempotencyKey.Derive(
                SourceSystem.GetOrDefault(context) ?? string.Empty,
                EventType.GetOrDefault(context) ?? string.Empty,
                EventId.GetOrDefault(context) ?? string.Empty,
                string.IsNullOrWhiteSpace(scope) ? null : scope);
        }
        catch (AgentInputException exception)
        {
            context.Set(Error, exception.Message);
            await context.CompleteActivityWithOutcomesAsync(WorkspaceAgentsActivityMetadata.InvalidInput);
            return;
        }

        context.Set(Key, key);
        await context.CompleteActivityWithOutcomesAsync(WorkspaceAgentsActivityMetadata.Done);
    }
}
