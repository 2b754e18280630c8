using System.Diagnostics;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Scenarios;

/// <summary>Scenario (a): N distinct events through the outbox against a platform that misbehaves in every way.</summary>
public sealed class ChaosDispatchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_event_reaches_the_destination_exactly_once_through_latency_429s_5xx_resets_timeouts_and_dropped_responses()
    {
        await using var world = await ReliabilityWorld.StartAsync(ChaosProfiles.Storm());
        using var database = new TempDatabase();
        var events = TestEvents.Many("chaos", ReliabilityScale.Events);
        var clock = Stopwatch.StartNew();

        await using var host = await DispatcherHost.StartAsync(DispatcherSettings.For(world.BaseAddress, database.ConnectionString));
        foreach (var chunk in events.Chunk(250))
        {
            await host.Outbox.EnqueueManyAsync(chunk, ReliabilityWorld.ConnectionName);
        }

        var counts = await host.WaitUntilSettledAsync();
        var report = await world.AssertExactlyOnceAsync(TestEvents.RequestIds(events));
        clock.Stop();

        Assert.Equal((events.Count, 0L), (counts.Accepted, counts.Failed));
        Assert.Equal(events.Count, report.Runs);
        var firings = await world.ChaosFiringsAsync();
        foreach (var mode in new[] { "rate_limit", "server_error", "connection_reset", "accept_then_drop" })
        {
            Assert.True(firings.ContainsKey(mode), $"Chaos mode {mode} never fired, so the run proves less than it claims.");
        }

        // Enqueuing the same events again (a redelivery storm) stores and sends nothing new.
        var again = await host.Outbox.EnqueueManyAsync(events.Take(100), ReliabilityWorld.ConnectionName);
        Assert.All(again, r => Assert.True(r.IsDuplicate));
        await world.AssertExactlyOnceAsync(TestEvents.RequestIds(events));

        // (e) under every fault above: no secret in any log record or anywhere in the database.
        var records = SecretScan.AssertLogsClean(host.Logs);
        SecretScan.AssertDatabaseClean(database.Path);

        output.WriteLine($"chaos: {report} in {clock.Elapsed.TotalSeconds:F1} s; firings {string.Join(", ", firings.Select(f => $"{f.Key}={f.Value}"))}; " +
            $"{records:N0} log records scanned");
    }
}
