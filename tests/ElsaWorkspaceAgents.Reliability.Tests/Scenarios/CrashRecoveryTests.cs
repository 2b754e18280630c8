using System.Diagnostics;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Scenarios;

/// <summary>Scenario (b): kill -9 of the dispatcher process mid-stream, then a restart, loses and duplicates nothing.</summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_dispatcher_killed_mid_stream_and_restarted_writes_every_event_exactly_once()
    {
        await using var world = await ReliabilityWorld.StartAsync(ChaosProfiles.Drizzle());
        using var database = new TempDatabase();
        var events = TestEvents.Many("crash", ReliabilityScale.Events);
        var settings = DispatcherSettings.For(world.BaseAddress, database.ConnectionString, lease: TimeSpan.FromSeconds(5));
        await using var view = await ProcessScenario.EnqueueAsync(settings, events);
        var clock = Stopwatch.StartNew();

        OutboxCountsAtKill atKill;
        using (var doomed = await WorkerProcess.StartAsync(settings, "worker-doomed"))
        {
            await Eventually.WaitAsync(() => view.Queries.CountAsync(), c => c.Accepted >= events.Count / 3, ReliabilityScale.Deadline,
                "a third of the events to be accepted before the kill");
            doomed.KillHard();
            var counts = await view.Queries.CountAsync();
            atKill = new OutboxCountsAtKill(counts.Accepted, counts.Pending, counts.Leased);
            ProcessScenario.AssertOutputClean(doomed, "the killed worker");
        }

        Assert.True(atKill.Pending > 0, $"The kill came too late to be mid-stream: {atKill}");

        using (var survivor = await WorkerProcess.StartAsync(settings, "worker-restarted"))
        {
            var counts = await view.WaitUntilSettledAsync();
            Assert.Equal((events.Count, 0L), (counts.Accepted, counts.Failed));
            ProcessScenario.AssertOutputClean(survivor, "the restarted worker");
        }

        var report = await world.AssertExactlyOnceAsync(TestEvents.RequestIds(events));
        clock.Stop();
        Assert.Equal(events.Count, report.Runs);
        SecretScan.AssertDatabaseClean(database.Path);
        output.WriteLine($"crash: killed at {atKill}; {report} in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private sealed record OutboxCountsAtKill(long Accepted, long Pending, long LeasedByTheDeadWorker);
}
