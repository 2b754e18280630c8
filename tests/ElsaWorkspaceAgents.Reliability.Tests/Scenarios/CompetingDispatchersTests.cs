using System.Diagnostics;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Scenarios;

/// <summary>Scenario (c): two dispatcher processes on one SQLite database share the work without sending anything twice.</summary>
public sealed class CompetingDispatchersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_dispatcher_processes_on_one_database_write_every_event_exactly_once()
    {
        await using var world = await ReliabilityWorld.StartAsync(ChaosProfiles.Drizzle(seed: 991));
        using var database = new TempDatabase();
        var events = TestEvents.Many("compete", ReliabilityScale.Events);
        var settings = DispatcherSettings.For(world.BaseAddress, database.ConnectionString);
        await using var view = await ProcessScenario.EnqueueAsync(settings, events);
        var clock = Stopwatch.StartNew();

        var startA = WorkerProcess.StartAsync(settings, "worker-a");
        var startB = WorkerProcess.StartAsync(settings, "worker-b");
        using var a = await startA;
        using var b = await startB;
        var counts = await view.WaitUntilSettledAsync();
        var report = await world.AssertExactlyOnceAsync(TestEvents.RequestIds(events));
        clock.Stop();

        Assert.Equal((events.Count, 0L), (counts.Accepted, counts.Failed));
        Assert.Equal(events.Count, report.Runs);
        var acceptedByA = a.CountLines("accepted by");
        var acceptedByB = b.CountLines("accepted by");
        Assert.Equal(events.Count, acceptedByA + acceptedByB);
        Assert.True(acceptedByA > 0 && acceptedByB > 0, $"One worker did everything (a: {acceptedByA}, b: {acceptedByB}).");
        ProcessScenario.AssertOutputClean(a, "worker a");
        ProcessScenario.AssertOutputClean(b, "worker b");
        SecretScan.AssertDatabaseClean(database.Path);
        output.WriteLine($"competing: {report}; worker a accepted {acceptedByA}, worker b {acceptedByB}; {clock.Elapsed.TotalSeconds:F1} s");
    }
}
