using System.Diagnostics;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Scenarios;

/// <summary>
/// Scenario (c): two dispatcher processes on one database share the work of all four platforms without sending anything
/// twice: on SQLite always, on PostgreSQL (FOR UPDATE SKIP LOCKED claims) when <c>OUTBOX_POSTGRES</c> is set.
/// </summary>
public sealed class CompetingDispatchersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_dispatcher_processes_on_one_sqlite_database_keep_every_platform_s_guarantee()
    {
        using var database = new TempDatabase();
        await RunAsync("two dispatchers, SQLite", "compete", world => DispatcherSettings.For(world.BaseAddress, database.ConnectionString));
        SecretScan.AssertDatabaseClean(database.Path);
    }

    [PostgresFact]
    public async Task Two_dispatcher_processes_on_one_postgresql_database_keep_every_platform_s_guarantee()
    {
        await using var postgres = await ScratchPostgresDatabase.CreateAsync();
        using var unused = new TempDatabase();
        await RunAsync("two dispatchers, PostgreSQL", "compete-pg", world =>
        {
            var settings = DispatcherSettings.For(world.BaseAddress, unused.ConnectionString);
            settings["WorkspaceAgents:Outbox:Provider"] = "Postgres";
            settings["WorkspaceAgents:Outbox:ConnectionString"] = postgres.ConnectionString;
            return settings;
        });
    }

    private async Task RunAsync(string scenario, string run, Func<ReliabilityWorld, Dictionary<string, string?>> configure)
    {
        await using var world = await ReliabilityWorld.StartAsync(ChaosProfiles.Drizzle(seed: 991));
        var events = PlatformEvents.For(run);
        var settings = configure(world);
        await using var view = await ProcessScenario.EnqueueAsync(settings, events);
        var clock = Stopwatch.StartNew();

        var startA = WorkerProcess.StartAsync(settings, "worker-a");
        var startB = WorkerProcess.StartAsync(settings, "worker-b");
        using var a = await startA;
        using var b = await startB;
        var counts = await view.WaitUntilSettledAsync();
        var ledgers = await events.AssertGuaranteesAsync(world, view.Queries);
        clock.Stop();

        Assert.Equal(0, counts.Failed);
        await world.AssertExactlyOnceAsync(TestEvents.RequestIds(events.ByPlatform[ReliabilityPlatform.WorkspaceAgents]));
        var acceptedByA = a.CountLines("accepted by");
        var acceptedByB = b.CountLines("accepted by");
        Assert.Equal(ledgers.Sum(l => l.Accepted), acceptedByA + acceptedByB);
        Assert.True(acceptedByA > 0 && acceptedByB > 0, $"One worker did everything (a: {acceptedByA}, b: {acceptedByB}).");
        ProcessScenario.AssertOutputClean(a, "worker a");
        ProcessScenario.AssertOutputClean(b, "worker b");
        foreach (var entry in await view.Queries.ListAsync(take: 10_000))
        {
            SecretScan.AssertClean(entry.ToString(), "a stored row");
        }

        ReliabilityReport.Write(output, scenario, ledgers, clock.Elapsed, $"worker a accepted {acceptedByA:N0}, worker b {acceptedByB:N0}");
    }
}
