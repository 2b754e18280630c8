using ElsaWorkspaceAgents.Outbox.Storage;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>Read-only outbox views over <see cref="OutboxStore"/>.</summary>
internal sealed class OutboxQueries(OutboxStore store, OutboxRunStore runs) : IOutboxQueries
{
    public async Task<OutboxEntry?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } row ? OutboxEntries.From(row) : null;

    public async Task<OutboxEntry?> FindAsync(string connectionName, string idempotencyKey, CancellationToken cancellationToken = default) =>
        await store.FindAsync(connectionName, idempotencyKey, cancellationToken).ConfigureAwait(false) is { } row ? OutboxEntries.From(row) : null;

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxEntryState? state = null, long afterId = 0, int take = 100,
        CancellationToken cancellationToken = default) =>
        (await store.ListAsync(state, afterId, take, cancellationToken).ConfigureAwait(false)).Select(OutboxEntries.From).ToArray();

    public Task<IReadOnlyList<OutboxEntry>> ListFailedAsync(long afterId = 0, int take = 100, CancellationToken cancellationToken = default) =>
        ListAsync(OutboxEntryState.Failed, afterId, take, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ListUnconfirmedAsync(long afterId = 0, int take = 100, CancellationToken cancellationToken = default) =>
        ListAsync(OutboxEntryState.Unconfirmed, afterId, take, cancellationToken);

    public Task<OutboxCounts> CountAsync(CancellationToken cancellationToken = default) => store.CountAsync(cancellationToken);

    public Task<OutboxRun?> GetRunAsync(long id, CancellationToken cancellationToken = default) => runs.GetAsync(id, cancellationToken);

    public Task<OutboxRun?> FindRunAsync(string connectionName, string runId, CancellationToken cancellationToken = default) =>
        runs.FindAsync(connectionName, runId, cancellationToken);

    public Task<IReadOnlyList<OutboxRun>> ListRunsAsync(bool finishedOnly = false, long afterId = 0, int take = 100, CancellationToken cancellationToken = default) =>
        runs.ListAsync(finishedOnly, afterId, take, cancellationToken);
}
