namespace ElsaWorkspaceAgents.Outbox;

/// <summary>How many rows are in each state.</summary>
/// <param name="Pending">Waiting or being sent.</param>
/// <param name="Leased">Pending rows a dispatcher holds right now (a subset of <paramref name="Pending"/>).</param>
/// <param name="Accepted">Accepted by the platform.</param>
/// <param name="Failed">Terminal failures.</param>
public sealed record OutboxCounts(long Pending, long Leased, long Accepted, long Failed)
{
    /// <summary>All rows.</summary>
    public long Total => Pending + Accepted + Failed;
}
