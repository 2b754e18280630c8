namespace ElsaWorkspaceAgents.Outbox;

/// <summary>How many rows are in each state.</summary>
/// <param name="Pending">Waiting or being sent.</param>
/// <param name="Leased">Pending rows a dispatcher holds right now (a subset of <paramref name="Pending"/>).</param>
/// <param name="Accepted">Accepted by the platform.</param>
/// <param name="Failed">Terminal failures.</param>
/// <param name="Unconfirmed">Rows that may have started a run on a platform without idempotency; never re-sent automatically.</param>
public sealed record OutboxCounts(long Pending, long Leased, long Accepted, long Failed, long Unconfirmed = 0)
{
    /// <summary>All rows.</summary>
    public long Total => Pending + Accepted + Failed + Unconfirmed;
}
