namespace ElsaWorkspaceAgents.Outbox;

/// <summary>What an enqueue stored.</summary>
/// <param name="Entry">The stored row: the new one, or the one already there for the same connection and idempotency key.</param>
/// <param name="Created">False when the event was already enqueued (same connection and key): nothing new was stored.</param>
public sealed record OutboxEnqueueResult(OutboxEntry Entry, bool Created)
{
    /// <summary>True when the event was already in the outbox.</summary>
    public bool IsDuplicate => !Created;
}
