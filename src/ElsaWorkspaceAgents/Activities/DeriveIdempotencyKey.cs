using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
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
public class DeriveIdempotencyKey : SourceEventActivityBase
{
    /// <inheritdoc />
    public DeriveIdempotencyKey([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
    {
    }

    /// <summary>Optional scope, e.g. the trigger or connection.</summary>
    [Input(Description = "Optional: the trigger or connection the event is sent to, so one event fanned out to two agents starts each of them once.", Order = 4)]
    public Input<string?> Scope { get; set; } = new((string?)null);

    /// <summary>The derived key.</summary>
    [Output(Description = "The idempotency key (ik1_ followed by 64 hex characters).")]
    public Output<string>? Key { get; set; }

    /// <inheritdoc />
    protected override void SetResult(ActivityExecutionContext context, string value) => context.Set(Key, value);

    /// <inheritdoc />
    protected override string Compute(ActivityExecutionContext context)
    {
        var scope = Scope.GetOrDefault(context);
        return IdempotencyKey.Derive(
            SourceSystem.GetOrDefault(context) ?? string.Empty,
            EventType.GetOrDefault(context) ?? string.Empty,
            EventId.GetOrDefault(context) ?? string.Empty,
            string.IsNullOrWhiteSpace(scope) ? null : scope);
    }
}
