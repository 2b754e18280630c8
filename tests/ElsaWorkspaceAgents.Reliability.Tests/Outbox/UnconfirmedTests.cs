using System.Diagnostics.Metrics;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Outbox.Diagnostics;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Outbox;

/// <summary>
/// Rows whose request may have started a run on a platform without idempotency: their own terminal state, never re-sent
/// automatically, queryable with the reason, counted, measured, and replayed only by a call that names the risk.
/// </summary>
public sealed class UnconfirmedTests
{
    [Fact]
    public async Task An_unconfirmed_outcome_is_its_own_terminal_state_never_resent_listed_with_its_reason_counted_and_measured()
    {
        using var database = new TempDatabase();
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.Unconfirmed, platform: AgentPlatform.GptWorkbench);
        using var measured = new CounterProbe("outbox.unconfirmed");
        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database), triggers: triggers);

        var enqueued = await host.Outbox.EnqueueAsync(TestEvents.One("unconfirmed", 1), ReliabilityWorld.ConnectionName);
        var counts = await host.WaitUntilSettledAsync();

        Assert.Equal((0L, 0L, 1L, 1L), (counts.Accepted, counts.Failed, counts.Unconfirmed, counts.Total));
        var entry = (await host.Queries.GetAsync(enqueued.Entry.Id))!;
        Assert.Equal(OutboxEntryState.Unconfirmed, entry.State);
        Assert.Equal(TriggerOutcomeKind.Unconfirmed, entry.LastOutcome);
        Assert.NotNull(entry.CompletedAt);
        Assert.Contains("fake Unconfirmed", entry.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTriggerService.Token, entry.LastError, StringComparison.Ordinal);
        Assert.Equal([entry.Id], (await host.Queries.ListUnconfirmedAsync()).Select(e => e.Id));
        Assert.Empty(await host.Queries.ListFailedAsync());
        Assert.True(measured.Total >= 1, "outbox.unconfirmed was not recorded");

        // Time passes, the dispatcher polls: still one send.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, triggers.TotalSends);
        Assert.False(await host.Outbox.ReplayAsync(entry.Id), "The ordinary replay must not send an unconfirmed row.");
        SecretScan.AssertLogsClean(host.Logs);
        SecretScan.AssertDatabaseClean(database.Path);
    }

    [Fact]
    public async Task An_unconfirmed_row_is_replayed_only_by_a_call_that_accepts_the_risk_of_a_second_run()
    {
        using var database = new TempDatabase();
        var triggers = new FakeTriggerService((_, attempt) => attempt == 1 ? TriggerOutcomeKind.Unconfirmed : TriggerOutcomeKind.Accepted,
            platform: AgentPlatform.Writer);
        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database), triggers: triggers);
        var id = (await host.Outbox.EnqueueAsync(TestEvents.One("replay-unconfirmed", 1), ReliabilityWorld.ConnectionName)).Entry.Id;
        await host.WaitUntilSettledAsync();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => host.Outbox.ReplayUnconfirmedAsync(id, acceptSecondRunRisk: false));
        Assert.Contains("second", refused.Message, StringComparison.Ordinal);
        Assert.Equal(OutboxEntryState.Unconfirmed, (await host.Queries.GetAsync(id))!.State);
        Assert.False(await host.Outbox.ReplayUnconfirmedAsync(id + 1000, acceptSecondRunRisk: true));

        Assert.True(await host.Outbox.ReplayUnconfirmedAsync(id, acceptSecondRunRisk: true));
        await host.WaitUntilSettledAsync();

        var replayed = (await host.Queries.GetAsync(id))!;
        Assert.Equal(OutboxEntryState.Accepted, replayed.State);
        Assert.Equal(2, triggers.TotalSends);
        Assert.False(await host.Outbox.ReplayUnconfirmedAsync(id, acceptSecondRunRisk: true), "An accepted row is not replayed.");
    }

    [Theory]
    [InlineData(AgentPlatform.GptWorkbench, OutboxEntryState.Unconfirmed, 0)]
    [InlineData(AgentPlatform.Writer, OutboxEntryState.Unconfirmed, 0)]
    [InlineData(AgentPlatform.WorkspaceAgents, OutboxEntryState.Accepted, 1)]
    [InlineData(AgentPlatform.DocsGpt, OutboxEntryState.Accepted, 1)]
    public async Task A_row_whose_dispatcher_died_mid_send_is_resent_only_where_the_key_deduplicates(AgentPlatform platform, OutboxEntryState expected, int sends)
    {
        using var database = new TempDatabase();
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted, platform: platform);
        await using (var enqueuer = await DispatcherHost.StartAsync(
            OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:DispatcherEnabled", "false")), triggers: triggers))
        {
            await enqueuer.Outbox.EnqueueManyAsync(TestEvents.Many("abandoned", 2), ReliabilityWorld.ConnectionName);
        }

        // Row 1 was claimed by a dispatcher that died before recording its send; row 2 was never claimed.
        database.ExecuteOnOneRow($"UPDATE agent_trigger_outbox SET lease_owner = 'killed-worker', lease_token = 't1', lease_until = {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1} WHERE id = 1");

        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database), triggers: triggers);
        await host.WaitUntilSettledAsync();

        var abandoned = (await host.Queries.GetAsync(1))!;
        Assert.Equal(expected, abandoned.State);
        Assert.Equal(sends, triggers.Sends.GetValueOrDefault(abandoned.IdempotencyKey));
        Assert.Equal(OutboxEntryState.Accepted, (await host.Queries.GetAsync(2))!.State);
        if (expected == OutboxEntryState.Unconfirmed)
        {
            Assert.Contains("killed-worker", abandoned.LastError, StringComparison.Ordinal);
            Assert.Contains("expired before it recorded", abandoned.LastError, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(AgentPlatform.GptWorkbench, OutboxEntryState.Unconfirmed)]
    [InlineData(AgentPlatform.WorkspaceAgents, OutboxEntryState.Pending)]
    public async Task A_send_cut_short_by_its_lease_is_unconfirmed_on_a_platform_without_idempotency_and_rescheduled_elsewhere(
        AgentPlatform platform, OutboxEntryState expected)
    {
        using var database = new TempDatabase();
        // The fake takes far longer than the lease allows, so the dispatcher cancels it mid-send.
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted, latency: TimeSpan.FromMinutes(5), platform: platform);
        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database,
            ("WorkspaceAgents:Outbox:LeaseDuration", "00:00:02.500"), ("WorkspaceAgents:Outbox:LeaseSafetyMargin", "00:00:02")), triggers: triggers);

        var id = (await host.Outbox.EnqueueAsync(TestEvents.One("cut-short", 1), ReliabilityWorld.ConnectionName)).Entry.Id;
        var entry = await Eventually.WaitAsync(() => host.Queries.GetAsync(id), e => e!.DispatchAttempts >= 1, ReliabilityScale.Deadline, "the first dispatch");

        Assert.Equal(expected, entry!.State);
        Assert.Contains("did not finish within its lease", entry.LastError, StringComparison.Ordinal);
    }

    /// <summary>Sums one outbox counter, as a metrics exporter would see it.</summary>
    private sealed class CounterProbe : IDisposable
    {
        private readonly MeterListener listener = new();
        private long total;

        public CounterProbe(string instrument)
        {
            listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == OutboxTelemetry.Name && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
            listener.Start();
        }

        public long Total => Interlocked.Read(ref total);

        public void Dispose() => listener.Dispose();
    }
}
