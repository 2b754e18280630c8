using System.Diagnostics;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Scenarios;

/// <summary>
/// Scenario (b): kill -9 of the dispatcher process mid-stream, then a restart, on all four platforms at once. Rows the dead
/// dispatcher had in flight are resent with the same key where the platform deduplicates, and left Unconfirmed where it cannot.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_dispatcher_killed_mid_stream_and_restarted_loses_nothing_and_starts_nothing_twice_on_any_platform()
    {
        await using var world = await ReliabilityWorld.StartAsync(ChaosProfiles.Drizzle());
        using var database = new TempDatabase();
        var events = PlatformEvents.For("crash");
        // The default lease outlasts the retry budget, so no send is cut short: the only sends left in doubt are the killed worker's.
        var settings = DispatcherSettings.For(world.BaseAddress, database.ConnectionString);
        await using var view = await ProcessScenario.EnqueueAsync(settings, events);
        var clock = Stopwatch.StartNew();

        OutboxCountsAtKill atKill;
        using (var doomed = await WorkerProcess.StartAsync(settings, "worker-doomed"))
        {
            await Eventually.WaitAsync(() => view.Queries.CountAsync(), c => c.Accepted >= events.Total / 3, ReliabilityScale.Deadline,
                "a third of the events to be accepted before the kill", interval: TimeSpan.FromMilliseconds(10));
            doomed.KillHard();
            var counts = await view.Queries.CountAsync();
            atKill = new OutboxCountsAtKill(counts.Accepted, counts.Pending, counts.Leased);
            ProcessScenario.AssertOutputClean(doomed, "the killed worker");
        }

        Assert.True(atKill.Pending > 0, $"The kill came too late to be mid-stream: {atKill}");

        using (var survivor = await WorkerProcess.StartAsync(settings, "worker-restarted"))
        {
            var counts = await view.WaitUntilSettledAsync();
            Assert.Equal(0, counts.Failed);
            ProcessScenario.AssertOutputClean(survivor, "the restarted worker");
        }

        // The killed worker could have had at most MaxConcurrency rows in flight.
        var ledgers = await events.AssertGuaranteesAsync(world, view.Queries, deadDispatcherAllowance: DispatcherSettings.MaxConcurrency);
        clock.Stop();
        Assert.True(ledgers.Where(l => !l.Platform.HonoursIdempotencyKey).Sum(l => l.UnconfirmedByDeadDispatchers) > 0,
            "The kill left no GPT Workbench or Writer row in flight, so the run does not show what happens to one.");
        await world.AssertExactlyOnceAsync(TestEvents.RequestIds(events.ByPlatform[ReliabilityPlatform.WorkspaceAgents]));
        SecretScan.AssertDatabaseClean(database.Path);
        ReliabilityReport.Write(output, "kill -9 and restart", ledgers, clock.Elapsed, $"killed at {atKill}");
    }

    private sealed record OutboxCountsAtKill(long Accepted, long Pending, long LeasedByTheDeadWorker);
}
