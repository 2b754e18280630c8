using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Outbox.Dispatching;

/// <summary>What one dispatch attempt decided for its row.</summary>
internal sealed record DispatchResult
{
    public required OutboxEntryState State { get; init; }

    public TriggerOutcomeKind? Outcome { get; init; }

    public int? HttpStatus { get; init; }

    public string? Error { get; init; }

    /// <summary>For a rescheduled row: when it is due again.</summary>
    public long? NextAttemptAt { get; init; }

    /// <summary>Dispatch attempts to add (0 when the row was only released).</summary>
    public int DispatchAttempts { get; init; } = 1;

    public int HttpAttempts { get; init; }
}
