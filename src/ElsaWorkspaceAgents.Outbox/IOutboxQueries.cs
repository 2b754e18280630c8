namespace ElsaWorkspaceAgents.Outbox;

/// <summary>Read-only views of the outbox for dashboards, admin endpoints and tests. Nothing here is tracked or cached.</summary>
public interface IOutboxQueries
{
    /// <summary>One row, or null.</summary>
    Task<OutboxEntry?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The row for a connection and idempotency key, or null.</summary>
    Task<OutboxEntry?> FindAsync(string connectionName, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of rows in ID order, optionally in one state. Page with <paramref name="afterId"/> set to the last ID of
    /// the previous page (keyset paging: constant cost however deep).
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxEntryState? state = null, long afterId = 0, int take = 100,
        CancellationToken cancellationToken = default);

    /// <summary>A page of terminal failures with their reasons (see <see cref="ListAsync"/> for paging).</summary>
    Task<IReadOnlyList<OutboxEntry>> ListFailedAsync(long afterId = 0, int take = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of unconfirmed rows with their reasons: requests that may have started a run on a platform without idempotency
    /// (see <see cref="OutboxEntryState.Unconfirmed"/>; paging as in <see cref="ListAsync"/>).
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ListUnconfirmedAsync(long afterId = 0, int take = 100, CancellationToken cancellationToken = default);

    /// <summary>How many rows are in each state.</summary>
    Task<OutboxCounts> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>The run a row started and its verified completion callback, if any; null when the row started no run with an ID.</summary>
    Task<OutboxRun?> GetRunAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The row's run by the platform's run ID, or null.</summary>
    Task<OutboxRun?> FindRunAsync(string connectionName, string runId, CancellationToken cancellationToken = default);

    /// <summary>Runs in row-ID order (keyset paging as in <see cref="ListAsync"/>); with <paramref name="finishedOnly"/>, only those a callback reported.</summary>
    Task<IReadOnlyList<OutboxRun>> ListRunsAsync(bool finishedOnly = false, long afterId = 0, int take = 100, CancellationToken cancellationToken = default);
}
