using ElsaWorkspaceAgents.Core.Callbacks;
using ElsaWorkspaceAgents.Core.Runs;
using Microsoft.EntityFrameworkCore;

namespace ElsaWorkspaceAgents.Outbox.Storage;

/// <summary>Records the run an accepted row started and the callback that reported it; set-based statements, no tracking.</summary>
internal sealed class OutboxRunStore(IDbContextFactory<OutboxDbContext> contexts, OutboxStore store)
{
    /// <summary>Remembers the run an accepted row started (once: a resend of the same row keeps the first record).</summary>
    public async Task RecordAcceptedAsync(long outboxId, string connectionName, string runId, CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {OutboxRunSchema.TableName} (outbox_id, connection_name, run_id, accepted_at) VALUES ({{0}}, {{1}}, {{2}}, {{3}}) " +
            "ON CONFLICT DO NOTHING",
            [outboxId, connectionName, runId, store.NowMs], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a verified callback against the row that started its run: unknown when no row did, already handled when
    /// a callback was recorded before (the first one stays).
    /// </summary>
    public async Task<AgentCallbackHandling> RecordCallbackAsync(AgentCallback callback, CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var runs = db.Runs.Where(r => r.ConnectionName == callback.ConnectionName && r.RunId == callback.RunId);
        var snapshot = callback.Snapshot;
        var received = callback.ReceivedAt.ToUnixTimeMilliseconds();
        var state = snapshot.State.ToString();
        var updated = await runs.Where(r => r.CallbackReceivedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.CallbackReceivedAt, received)
            .SetProperty(r => r.CallbackDeliveryId, callback.DeliveryId)
            .SetProperty(r => r.CallbackState, state)
            .SetProperty(r => r.CallbackStatus, snapshot.RawStatus)
            .SetProperty(r => r.CallbackAnswer, snapshot.Answer)
            .SetProperty(r => r.CallbackResultJson, snapshot.ResultJson)
            .SetProperty(r => r.CallbackError, snapshot.Error),
            cancellationToken).ConfigureAwait(false);
        if (updated > 0)
        {
            return AgentCallbackHandling.Handled;
        }

        return await runs.AnyAsync(cancellationToken).ConfigureAwait(false) ? AgentCallbackHandling.AlreadyHandled : AgentCallbackHandling.UnknownRun;
    }

    public async Task<OutboxRun?> GetAsync(long outboxId, CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return From(await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.OutboxId == outboxId, cancellationToken).ConfigureAwait(false));
    }

    public async Task<OutboxRun?> FindAsync(string connectionName, string runId, CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return From(await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.ConnectionName == connectionName && r.RunId == runId, cancellationToken)
            .ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<OutboxRun>> ListAsync(bool finishedOnly, long afterOutboxId, int take, CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Runs.AsNoTracking().Where(r => r.OutboxId > afterOutboxId);
        if (finishedOnly)
        {
            query = query.Where(r => r.CallbackReceivedAt != null);
        }

        var rows = await query.OrderBy(r => r.OutboxId).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => From(r)!).ToArray();
    }

    private static OutboxRun? From(OutboxRunRecord? row) => row is null ? null : new OutboxRun
    {
        OutboxId = row.OutboxId,
        ConnectionName = row.ConnectionName,
        RunId = row.RunId,
        AcceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.AcceptedAt),
        Result = row.CallbackReceivedAt is { } at
            ? new OutboxRunResult
            {
                ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(at),
                DeliveryId = row.CallbackDeliveryId ?? string.Empty,
                State = Enum.TryParse<RunState>(row.CallbackState, out var state) ? state : RunState.Unknown,
                Status = row.CallbackStatus ?? string.Empty,
                Answer = row.CallbackAnswer,
                ResultJson = row.CallbackResultJson,
                Error = row.CallbackError,
            }
            : null,
    };
}
