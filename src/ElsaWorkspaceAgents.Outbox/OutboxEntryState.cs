namespace ElsaWorkspaceAgents.Outbox;

/// <summary>Where a row is in its life. Only <see cref="Pending"/> rows are ever sent.</summary>
public enum OutboxEntryState
{
    /// <summary>Waiting to be sent, being sent, or rescheduled after a rate limit or transient failure.</summary>
    Pending = 0,

    /// <summary>The platform accepted the run. Terminal.</summary>
    Accepted = 1,

    /// <summary>
    /// Terminal failure: refused for good (401/403/404/409/invalid input) or still failing after the attempt or age limit.
    /// Kept with its reason; <see cref="IAgentTriggerOutbox.ReplayAsync"/> sends it again with the same key.
    /// </summary>
    Failed = 2,
}
