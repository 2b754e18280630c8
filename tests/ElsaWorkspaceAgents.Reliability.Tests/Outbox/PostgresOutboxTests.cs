using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Outbox;

/// <summary>The same guarantees on PostgreSQL (claims use FOR UPDATE SKIP LOCKED there). Skipped without OUTBOX_POSTGRES.</summary>
public sealed class PostgresOutboxTests
{
    [PostgresFact]
    public async Task Enqueue_deduplicates_and_two_dispatchers_send_each_row_exactly_once()
    {
        await using var database = await ScratchPostgresDatabase.CreateAsync();
        using var unused = new TempDatabase();
        var settings = PostgresSettings(unused, database);
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted, latency: TimeSpan.FromMilliseconds(2));
        var count = Math.Min(ReliabilityScale.Events, 2_000);

        await using var first = await DispatcherHost.StartAsync(settings, triggers: triggers);
        await using var second = await DispatcherHost.StartAsync(settings, triggers: triggers);
        var events = TestEvents.Many("pg", count);
        foreach (var chunk in events.Chunk(250))
        {
            await first.Outbox.EnqueueManyAsync(chunk, ReliabilityWorld.ConnectionName);
        }

        var again = await second.Outbox.EnqueueAsync(events[0], ReliabilityWorld.ConnectionName);
        var counts = await first.WaitUntilSettledAsync();

        Assert.True(again.IsDuplicate);
        Assert.Equal(count, counts.Accepted);
        Assert.Equal(1, triggers.MaxInFlightPerKey);
        Assert.All(triggers.Sends, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(count, triggers.Sends.Count);
        SecretScan.AssertLogsClean(first.Logs);
        SecretScan.AssertLogsClean(second.Logs);
    }

    [PostgresFact]
    public async Task A_terminal_failure_is_queryable_with_its_reason_and_replays_with_the_same_key()
    {
        await using var database = await ScratchPostgresDatabase.CreateAsync();
        using var unused = new TempDatabase();
        var healthy = false;
        var triggers = new FakeTriggerService((_, _) => Volatile.Read(ref healthy) ? TriggerOutcomeKind.Accepted : TriggerOutcomeKind.Forbidden);
        await using var host = await DispatcherHost.StartAsync(PostgresSettings(unused, database), triggers: triggers);

        var enqueued = await host.Outbox.EnqueueAsync(TestEvents.One("pg-replay", 1), ReliabilityWorld.ConnectionName);
        await host.WaitUntilSettledAsync();
        var failed = Assert.Single(await host.Queries.ListFailedAsync());
        Assert.Equal((enqueued.Entry.Id, TriggerOutcomeKind.Forbidden), (failed.Id, failed.LastOutcome));
        Assert.DoesNotContain(FakeTriggerService.Token, failed.LastError, StringComparison.Ordinal);

        Volatile.Write(ref healthy, true);
        Assert.True(await host.Outbox.ReplayAsync(failed.Id));
        await host.WaitUntilSettledAsync();

        var accepted = (await host.Queries.GetAsync(failed.Id))!;
        Assert.Equal(OutboxEntryState.Accepted, accepted.State);
        Assert.Equal(2, triggers.Sends[accepted.IdempotencyKey]);
        SecretScan.AssertLogsClean(host.Logs);
    }

    [PostgresFact]
    public async Task Unconfirmed_rows_and_rows_abandoned_mid_send_are_kept_counted_and_not_resent_on_postgresql()
    {
        await using var database = await ScratchPostgresDatabase.CreateAsync();
        using var unused = new TempDatabase();
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.Unconfirmed, platform: AgentPlatform.GptWorkbench);
        var settings = PostgresSettings(unused, database);
        await using (var enqueuer = await DispatcherHost.StartAsync(
            new Dictionary<string, string?>(settings) { ["WorkspaceAgents:Outbox:DispatcherEnabled"] = "false" }, triggers: triggers))
        {
            await enqueuer.Outbox.EnqueueManyAsync(TestEvents.Many("pg-unconfirmed", 2), ReliabilityWorld.ConnectionName);
        }

        // Row 1 was claimed by a dispatcher that died mid-send; row 2 gets an Unconfirmed answer.
        await database.ExecuteAsync("UPDATE agent_trigger_outbox SET lease_owner = 'killed-worker', lease_token = 't1', " +
            $"lease_until = {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1} WHERE id = 1");
        await using var host = await DispatcherHost.StartAsync(settings, triggers: triggers);
        var counts = await host.WaitUntilSettledAsync();

        Assert.Equal((2L, 0L, 0L), (counts.Unconfirmed, counts.Accepted, counts.Failed));
        var rows = await host.Queries.ListUnconfirmedAsync();
        Assert.Equal([1L, 2L], rows.Select(r => r.Id));
        Assert.Contains("killed-worker", rows[0].LastError, StringComparison.Ordinal);
        Assert.False(triggers.Sends.ContainsKey(rows[0].IdempotencyKey), "A row abandoned mid-send was sent again.");
        Assert.Equal(1, triggers.Sends[rows[1].IdempotencyKey]);
        Assert.True(await host.Outbox.ReplayUnconfirmedAsync(rows[1].Id, acceptSecondRunRisk: true));
        await Eventually.WaitAsync(() => host.Queries.GetAsync(rows[1].Id), r => r!.DispatchAttempts == 1 && r.State == OutboxEntryState.Unconfirmed && triggers.Sends[rows[1].IdempotencyKey] == 2,
            ReliabilityScale.Deadline, "the deliberate replay");
        SecretScan.AssertLogsClean(host.Logs);
    }

    private static Dictionary<string, string?> PostgresSettings(TempDatabase unused, ScratchPostgresDatabase database) =>
        OutboxTestSettings.For(unused,
            ("WorkspaceAgents:Outbox:Provider", "Postgres"),
            ("WorkspaceAgents:Outbox:ConnectionString", database.ConnectionString),
            ("WorkspaceAgents:Outbox:BatchSize", "8"),
            ("WorkspaceAgents:Outbox:MaxConcurrency", "8"));
}
