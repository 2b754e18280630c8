using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Outbox;

public sealed class OutcomeHandlingTests
{
    [Theory]
    [InlineData(TriggerOutcomeKind.Unauthorized)]
    [InlineData(TriggerOutcomeKind.Forbidden)]
    [InlineData(TriggerOutcomeKind.NotFound)]
    [InlineData(TriggerOutcomeKind.Conflict)]
    [InlineData(TriggerOutcomeKind.InvalidInput)]
    public async Task A_refusal_the_platform_would_repeat_is_a_terminal_failure_after_one_send_with_its_reason_kept(TriggerOutcomeKind kind)
    {
        using var database = new TempDatabase();
        var triggers = new FakeTriggerService((_, _) => kind);
        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database), triggers: triggers);

        var enqueued = await host.Outbox.EnqueueAsync(TestEvents.One("terminal", 1), ReliabilityWorld.ConnectionName);
        await host.WaitUntilSettledAsync();

        var entry = (await host.Queries.GetAsync(enqueued.Entry.Id))!;
        Assert.Equal(OutboxEntryState.Failed, entry.State);
        Assert.Equal(kind, entry.LastOutcome);
        Assert.Equal(1, entry.DispatchAttempts);
        Assert.Contains($"fake {kind}", entry.LastError, StringComparison.Ordinal);
        Assert.Equal(1, triggers.TotalSends);
        Assert.Equal([entry.Id], (await host.Queries.ListFailedAsync()).Select(e => e.Id));
        // The fake platform echoed the token; the row keeps the reason without it.
        Assert.DoesNotContain(FakeTriggerService.Token, entry.LastError, StringComparison.Ordinal);
        Assert.Contains("***", entry.LastError, StringComparison.Ordinal);
        SecretScan.AssertLogsClean(host.Logs);
        SecretScan.AssertDatabaseClean(database.Path);
    }

    [Fact]
    public async Task A_rate_limited_row_is_rescheduled_no_sooner_than_Retry_After()
    {
        using var database = new TempDatabase();
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.RateLimited) { RetryAfter = TimeSpan.FromMinutes(10) };
        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database), triggers: triggers);

        var enqueued = await host.Outbox.EnqueueAsync(TestEvents.One("rate-limited", 1), ReliabilityWorld.ConnectionName);
        var entry = await Eventually.WaitAsync(() => host.Queries.GetAsync(enqueued.Entry.Id), e => e!.DispatchAttempts == 1,
            ReliabilityScale.Deadline, "the first dispatch attempt");

        Assert.Equal(OutboxEntryState.Pending, entry!.State);
        Assert.Equal(TriggerOutcomeKind.RateLimited, entry.LastOutcome);
        Assert.True(entry.NextAttemptAt >= entry.CreatedAt + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1),
            $"Next attempt {entry.NextAttemptAt:o} ignores Retry-After (created {entry.CreatedAt:o}).");
        Assert.Null(entry.LeaseOwner);
    }

    [Fact]
    public async Task A_row_that_keeps_failing_becomes_terminal_after_the_attempt_limit_and_replay_sends_it_again_with_the_same_key()
    {
        using var database = new TempDatabase();
        var healthy = false;
        var triggers = new FakeTriggerService((_, _) => Volatile.Read(ref healthy) ? TriggerOutcomeKind.Accepted : TriggerOutcomeKind.Failed);
        await using var host = await DispatcherHost.StartAsync(
            OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:MaxAttempts", "3")), triggers: triggers);

        var enqueued = await host.Outbox.EnqueueAsync(TestEvents.One("exhausted", 1), ReliabilityWorld.ConnectionName);
        await host.WaitUntilSettledAsync();
        var failed = (await host.Queries.GetAsync(enqueued.Entry.Id))!;

        Assert.Equal(OutboxEntryState.Failed, failed.State);
        Assert.Equal(3, failed.DispatchAttempts);
        Assert.StartsWith("Gave up after 3 dispatch attempts", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(3, triggers.Sends[failed.IdempotencyKey]);

        Volatile.Write(ref healthy, true);
        Assert.True(await host.Outbox.ReplayAsync(failed.Id));
        Assert.False(await host.Outbox.ReplayAsync(failed.Id + 1000));
        await host.WaitUntilSettledAsync();
        var replayed = (await host.Queries.GetAsync(failed.Id))!;

        Assert.Equal(OutboxEntryState.Accepted, replayed.State);
        Assert.Equal(failed.IdempotencyKey, replayed.IdempotencyKey);
        Assert.Equal(4, triggers.Sends[failed.IdempotencyKey]);
        Assert.False(await host.Outbox.ReplayAsync(failed.Id), "An accepted row is not replayed.");
    }

    [Fact]
    public async Task Accepted_rows_older_than_a_cutoff_can_be_deleted_and_pending_or_failed_ones_stay()
    {
        using var database = new TempDatabase();
        var triggers = new FakeTriggerService((request, _) =>
            request.SourceRequestId!.EndsWith("1", StringComparison.Ordinal) ? TriggerOutcomeKind.NotFound : TriggerOutcomeKind.Accepted);
        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database), triggers: triggers);

        await host.Outbox.EnqueueManyAsync(TestEvents.Many("retention", 4), ReliabilityWorld.ConnectionName);
        await host.WaitUntilSettledAsync();

        Assert.Equal(3, await host.Outbox.DeleteAcceptedAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
        var counts = await host.Queries.CountAsync();
        Assert.Equal((0L, 1L), (counts.Accepted, counts.Failed));
    }
}
