namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// Where a row is in its life. Only <see cref="Pending"/> rows are ever sent. Stored as its integer value, so a state
/// added later needs no schema change.
/// </summary>
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

    /// <summary>
    /// Terminal, and never sent again automatically: the request may have reached a platform that cannot deduplicate (GPT
    /// Workbench, Writer) and nothing confirmed it (a lost answer, a timeout after sending, 500/408, or a dispatcher that
    /// died or was stopped while its send was in flight). The agent may have started. Kept with its reason
    /// (<see cref="IOutboxQueries.ListUnconfirmedAsync"/>); check the platform, then
    /// <see cref="IAgentTriggerOutbox.ReplayUnconfirmedAsync"/> sends it again only if you accept that it may run twice.
    /// </summary>
    Unconfirmed = 3,
}
