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

    private static Dictionary<string, string?> PostgresSettings(TempDatabase unused, ScratchPostgresDatabase database) =>
        OutboxTestSettings.For(unused,
            ("WorkspaceAgents:Outbox:Provider", "Postgres"),
            ("WorkspaceAgents:Outbox:ConnectionString", database.ConnectionString),
            ("WorkspaceAgents:Outbox:BatchSize", "8"),
            ("WorkspaceAgents:Outbox:MaxConcurrency", "8"));
}
