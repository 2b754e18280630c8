using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Outbox;

public sealed class LeaseTests
{
    [Fact]
    public async Task A_row_leased_by_a_crashed_dispatcher_is_reclaimed_once_the_lease_expires_and_not_before()
    {
        using var database = new TempDatabase();
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted);
        await using (var enqueuer = await DispatcherHost.StartAsync(
            OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:DispatcherEnabled", "false")), triggers: triggers))
        {
            await enqueuer.Outbox.EnqueueManyAsync(TestEvents.Many("lease", 3), ReliabilityWorld.ConnectionName);
        }

        // Row 1: a dead dispatcher's lease that has expired. Row 2: a live lease far in the future. Row 3: free.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        database.ExecuteOnOneRow($"UPDATE agent_trigger_outbox SET lease_owner = 'crashed', lease_token = 't1', lease_until = {now - 1} WHERE id = 1");
        database.ExecuteOnOneRow($"UPDATE agent_trigger_outbox SET lease_owner = 'alive', lease_token = 't2', lease_until = {now + 3_600_000} WHERE id = 2");

        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database), triggers: triggers);
        await Eventually.WaitAsync(() => host.Queries.CountAsync(), c => c.Accepted == 2, ReliabilityScale.Deadline, "the two claimable rows");

        Assert.Equal(OutboxEntryState.Accepted, (await host.Queries.GetAsync(1))!.State);
        Assert.Equal(OutboxEntryState.Accepted, (await host.Queries.GetAsync(3))!.State);
        var held = (await host.Queries.GetAsync(2))!;
        Assert.Equal((OutboxEntryState.Pending, "alive"), (held.State, held.LeaseOwner));
        Assert.False(triggers.Sends.ContainsKey(held.IdempotencyKey), "A row under a live lease was sent.");
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_never_send_the_same_row_at_once_and_send_each_row_once()
    {
        using var database = new TempDatabase();
        // One fake shared by both dispatchers, so it sees every send of every key.
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted, latency: TimeSpan.FromMilliseconds(2));
        var count = Math.Min(ReliabilityScale.Events, 2_000);
        var settings = OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:BatchSize", "8"), ("WorkspaceAgents:Outbox:MaxConcurrency", "8"));

        await using var first = await DispatcherHost.StartAsync(settings, triggers: triggers, captureLogs: false);
        await using var second = await DispatcherHost.StartAsync(settings, triggers: triggers, captureLogs: false);
        foreach (var chunk in TestEvents.Many("compete", count).Chunk(250))
        {
            await first.Outbox.EnqueueManyAsync(chunk, ReliabilityWorld.ConnectionName);
        }

        var counts = await first.WaitUntilSettledAsync();

        Assert.Equal(count, counts.Accepted);
        Assert.Equal(1, triggers.MaxInFlightPerKey);
        Assert.Equal(count, triggers.Sends.Count);
        Assert.All(triggers.Sends, pair => Assert.Equal(1, pair.Value));
    }
}
