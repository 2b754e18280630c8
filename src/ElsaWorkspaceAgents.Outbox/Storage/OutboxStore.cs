using System.Data.Common;
using ElsaWorkspaceAgents.Outbox.Dispatching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Outbox.Storage;

/// <summary>
/// Every database operation of the outbox. Each call uses its own short-lived context, reads without tracking and
/// writes with single set-based statements, so nothing accumulates in memory between calls.
/// </summary>
internal sealed class OutboxStore(IDbContextFactory<OutboxDbContext> contexts, IOptions<AgentTriggerOutboxOptions> options, TimeProvider time)
{
    private const string Columns =
        "connection_name, idempotency_key, input, conversation_key, source_request_id, source, structured_input, state, " +
        "dispatch_attempts, http_attempts, created_at, updated_at, next_attempt_at";

    // Postgres advisory lock key for schema creation: any constant the host's own code is unlikely to use.
    private const long SchemaLockKey = 0x4F7574626F78;

    /// <summary>What a claim writes into <c>last_outcome</c> when the row's previous lease expired while its send was in flight.</summary>
    public const string AbandonedSendMarker = "AbandonedSend";

    private readonly SemaphoreSlim schemaGate = new(1, 1);
    private volatile bool schemaReady;

    private AgentTriggerOutboxOptions Options => options.Value;

    public long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Creates the table once per process (when <see cref="AgentTriggerOutboxOptions.CreateSchema"/> is on) and turns on SQLite's WAL mode.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (schemaReady)
        {
            return;
        }

        await schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (schemaReady)
            {
                return;
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (Options.Provider == OutboxDatabaseProvider.Sqlite)
            {
                // WAL lets readers and one writer work at once across processes; the setting is stored in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
                if (Options.CreateSchema)
                {
                    await db.Database.ExecuteSqlRawAsync(OutboxSchema.CreateScript(OutboxDatabaseProvider.Sqlite), cancellationToken).ConfigureAwait(false);
                    await db.Database.ExecuteSqlRawAsync(OutboxRunSchema.CreateScript(OutboxDatabaseProvider.Sqlite), cancellationToken).ConfigureAwait(false);
                }
            }
            else if (Options.CreateSchema)
            {
                // Concurrent CREATE … IF NOT EXISTS can still collide in PostgreSQL's catalog; serialise starters.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({SchemaLockKey});", cancellationToken).ConfigureAwait(false);
                await db.Database.ExecuteSqlRawAsync(OutboxSchema.CreateScript(OutboxDatabaseProvider.Postgres), cancellationToken).ConfigureAwait(false);
                await db.Database.ExecuteSqlRawAsync(OutboxRunSchema.CreateScript(OutboxDatabaseProvider.Postgres), cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            schemaReady = true;
        }
        finally
        {
            schemaGate.Release();
        }
    }

    /// <summary>
    /// Inserts rows in one transaction. A row whose connection and key are already stored is not inserted; the stored
    /// row is returned instead (<c>ON CONFLICT DO NOTHING</c>, so a duplicate costs no exception and no aborted transaction).
    /// </summary>
    public async Task<IReadOnlyList<(OutboxMessage Row, bool Created)>> InsertAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<(OutboxMessage, bool)>(rows.Count);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction.GetDbTransaction();
        insert.CommandText =
            $"INSERT INTO {OutboxSchema.TableName} ({Columns}) VALUES (@connection_name, @idempotency_key, @input, @conversation_key, " +
            "@source_request_id, @source, @structured_input, 0, 0, 0, @now, @now, @now) " +
            "ON CONFLICT (connection_name, idempotency_key) DO NOTHING RETURNING id";
        var parameters = new[]
        {
            AddParameter(insert, "@connection_name"), AddParameter(insert, "@idempotency_key"), AddParameter(insert, "@input"),
            AddParameter(insert, "@conversation_key"), AddParameter(insert, "@source_request_id"), AddParameter(insert, "@source"),
            AddParameter(insert, "@structured_input"), AddParameter(insert, "@now"),
        };

        foreach (var row in rows)
        {
            var now = NowMs;
            parameters[0].Value = row.ConnectionName;
            parameters[1].Value = row.IdempotencyKey;
            parameters[2].Value = row.Input;
            parameters[3].Value = (object?)row.ConversationKey ?? DBNull.Value;
            parameters[4].Value = (object?)row.SourceRequestId ?? DBNull.Value;
            parameters[5].Value = (object?)row.Source ?? DBNull.Value;
            parameters[6].Value = (object?)row.StructuredInput ?? DBNull.Value;
            parameters[7].Value = now;
            var id = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (id is null or DBNull)
            {
                var existing = await db.Messages.AsNoTracking()
                    .FirstAsync(m => m.ConnectionName == row.ConnectionName && m.IdempotencyKey == row.IdempotencyKey, cancellationToken)
                    .ConfigureAwait(false);
                results.Add((existing, false));
            }
            else
            {
                row.Id = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
                row.State = (int)OutboxEntryState.Pending;
                row.CreatedAt = row.UpdatedAt = row.NextAttemptAt = now;
                results.Add((row, true));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Leases up to <paramref name="limit"/> due rows to <paramref name="owner"/> in one atomic statement and returns them.
    /// A row is claimable when pending, due, and not leased or its lease expired (a crashed dispatcher's rows come back).
    /// The lease conditions are repeated on the updated rows so PostgreSQL rechecks them on rows another dispatcher changed
    /// meanwhile. PostgreSQL picks the rows in a materialised CTE with <c>FOR UPDATE SKIP LOCKED</c>: evaluated exactly once
    /// (an <c>IN (subquery … LIMIT)</c> may be re-evaluated there and lease more rows than asked), and concurrent
    /// dispatchers skip each other's rows instead of queueing. SQLite runs one writer at a time, so its single statement
    /// is atomic as it stands.
    /// </summary>
    public async Task<List<OutboxMessage>> ClaimAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var now = NowMs;
        var until = now + (long)Options.LeaseDuration.TotalMilliseconds;
        var token = Guid.NewGuid().ToString("N");
        const string due = "state = 0 AND next_attempt_at <= {3} AND (lease_until IS NULL OR lease_until < {3})";
        // A row still leased when claimed was abandoned mid-send: its holder died (or hung) before recording the outcome. That
        // is marked on the claimed row (SET sees the old values), so the dispatcher can ask whether it may be sent again.
        const string lease = "lease_owner = {0}, lease_token = {1}, lease_until = {2}, updated_at = {3}, " +
            "last_outcome = CASE WHEN lease_until IS NULL THEN last_outcome ELSE '" + AbandonedSendMarker + "' END, " +
            "last_error = CASE WHEN lease_until IS NULL THEN last_error " +
            "ELSE 'The lease of ' || COALESCE(lease_owner, 'a dispatcher') || ' expired before it recorded the outcome of its send.' END";
        var table = OutboxSchema.TableName;
        var sql = Options.Provider == OutboxDatabaseProvider.Postgres
            ? $"WITH picked AS MATERIALIZED (SELECT id FROM {table} WHERE {due} ORDER BY next_attempt_at, id LIMIT {{4}} FOR UPDATE SKIP LOCKED) " +
              $"UPDATE {table} AS claimed SET {lease} FROM picked " +
              "WHERE claimed.id = picked.id AND claimed.state = 0 AND (claimed.lease_until IS NULL OR claimed.lease_until < {3}) RETURNING claimed.*"
            : $"UPDATE {table} SET {lease} WHERE id IN (SELECT id FROM {table} WHERE {due} ORDER BY next_attempt_at, id LIMIT {{4}}) " +
              $"AND {due} RETURNING *";

        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Messages.FromSqlRaw(sql, owner, token, until, now, limit).AsNoTracking()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the result of a dispatch attempt and drops the lease, only if this claim still holds it.
    /// Returns false when the lease was lost (expired and reclaimed): the new holder will write its own result.
    /// </summary>
    public async Task<bool> FinishAsync(OutboxMessage claimed, DispatchResult result, CancellationToken cancellationToken)
    {
        var now = NowMs;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var state = (int)result.State;
        var nextAttemptAt = result.NextAttemptAt ?? claimed.NextAttemptAt;
        var completedAt = result.State == OutboxEntryState.Pending ? (long?)null : now;
        var lastOutcome = result.Outcome?.ToString();
        var dispatchAttempts = claimed.DispatchAttempts + result.DispatchAttempts;
        var httpAttempts = claimed.HttpAttempts + result.HttpAttempts;
        var updated = await db.Messages
            .Where(m => m.Id == claimed.Id && m.LeaseToken == claimed.LeaseToken)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, state)
                .SetProperty(m => m.DispatchAttempts, dispatchAttempts)
                .SetProperty(m => m.HttpAttempts, httpAttempts)
                .SetProperty(m => m.NextAttemptAt, nextAttemptAt)
                .SetProperty(m => m.UpdatedAt, now)
                .SetProperty(m => m.CompletedAt, completedAt)
                .SetProperty(m => m.LastOutcome, lastOutcome ?? claimed.LastOutcome)
                .SetProperty(m => m.LastHttpStatus, result.HttpStatus ?? claimed.LastHttpStatus)
                .SetProperty(m => m.LastError, result.Error)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseToken, (string?)null)
                .SetProperty(m => m.LeaseUntil, (long?)null),
                cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    /// <summary>Drops a lease without recording an attempt (the dispatcher is stopping); the row is due again at once.</summary>
    public async Task ReleaseAsync(OutboxMessage claimed, CancellationToken cancellationToken)
    {
        var now = NowMs;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Messages
            .Where(m => m.Id == claimed.Id && m.LeaseToken == claimed.LeaseToken)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.UpdatedAt, now)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseToken, (string?)null)
                .SetProperty(m => m.LeaseUntil, (long?)null),
                cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts a terminal row (failed or unconfirmed) back to pending with the same key and a fresh attempt budget.</summary>
    public async Task<bool> ReplayAsync(long id, OutboxEntryState from, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var now = NowMs;
        var failed = (int)from;
        var pending = (int)OutboxEntryState.Pending;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var updated = await db.Messages
            .Where(m => m.Id == id && m.State == failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, pending)
                .SetProperty(m => m.DispatchAttempts, 0)
                .SetProperty(m => m.CreatedAt, now)
                .SetProperty(m => m.UpdatedAt, now)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.CompletedAt, (long?)null)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseToken, (string?)null)
                .SetProperty(m => m.LeaseUntil, (long?)null),
                cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    public async Task<int> DeleteAcceptedAsync(long completedBefore, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var accepted = (int)OutboxEntryState.Accepted;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Messages.Where(m => m.State == accepted && m.CompletedAt < completedBefore)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<OutboxMessage?> FindAsync(string connectionName, string idempotencyKey, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.ConnectionName == connectionName && m.IdempotencyKey == idempotencyKey, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<List<OutboxMessage>> ListAsync(OutboxEntryState? state, long afterId, int take, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Messages.AsNoTracking().Where(m => m.Id > afterId);
        if (state is { } wanted)
        {
            var value = (int)wanted;
            query = query.Where(m => m.State == value);
        }

        return await query.OrderBy(m => m.Id).Take(Math.Clamp(take, 1, 10_000)).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var now = NowMs;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var byState = await db.Messages.AsNoTracking().GroupBy(m => m.State)
            .Select(g => new { State = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var pending = (int)OutboxEntryState.Pending;
        var leased = await db.Messages.AsNoTracking()
            .LongCountAsync(m => m.State == pending && m.LeaseUntil != null && m.LeaseUntil >= now, cancellationToken).ConfigureAwait(false);
        long Count(OutboxEntryState s) => byState.Where(x => x.State == (int)s).Sum(x => x.Count);
        return new OutboxCounts(Count(OutboxEntryState.Pending), leased, Count(OutboxEntryState.Accepted), Count(OutboxEntryState.Failed),
            Count(OutboxEntryState.Unconfirmed));
    }

    private static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
