using System.Diagnostics;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Scenarios;

/// <summary>
/// Scenario (a): N distinct events per platform, all four platforms at once through one outbox, against trigger endpoints
/// that misbehave in every way. Workspace Agents and DocsGPT: exactly one start per event. GPT Workbench and Writer: at most one.
/// </summary>
public sealed class ChaosDispatchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_platform_keeps_its_guarantee_through_latency_429s_5xx_resets_timeouts_and_dropped_responses()
    {
        await using var world = await ReliabilityWorld.StartAsync(ChaosProfiles.Storm());
        using var database = new TempDatabase();
        var events = PlatformEvents.For("chaos");
        var clock = Stopwatch.StartNew();

        await using var host = await DispatcherHost.StartAsync(DispatcherSettings.For(world.BaseAddress, database.ConnectionString));
        await events.EnqueueAsync(host.Outbox);
        var counts = await host.WaitUntilSettledAsync();
        var ledgers = await events.AssertGuaranteesAsync(world, host.Queries);
        clock.Stop();

        Assert.Equal(0, counts.Failed);
        // Workspace Agents' own proof on top of the run count: the agent wrote each request ID to its destination once.
        await world.AssertExactlyOnceAsync(TestEvents.RequestIds(events.ByPlatform[ReliabilityPlatform.WorkspaceAgents]));
        foreach (var ledger in ledgers)
        {
            foreach (var mode in new[] { "latency", "rate_limit", "server_error", "connection_reset", "timeout", "accept_then_drop" })
            {
                Assert.True(ledger.Chaos.Firings.ContainsKey(mode), $"Chaos mode {mode} never fired on {ledger.Platform}, so the run proves less than it claims.");
            }
        }

        // Enqueuing the same events again (a redelivery storm) stores and sends nothing new, on any platform.
        foreach (var (platform, sent) in events.ByPlatform)
        {
            var again = await host.Outbox.EnqueueManyAsync(sent.Take(100), platform.ConnectionName);
            Assert.All(again, r => Assert.True(r.IsDuplicate));
        }

        var afterRedelivery = await events.AssertGuaranteesAsync(world, host.Queries);
        Assert.Equal(ledgers.Select(l => l.Starts), afterRedelivery.Select(l => l.Starts));

        // (e) under every fault above: no secret in any log record or anywhere in the database.
        var records = SecretScan.AssertLogsClean(host.Logs);
        SecretScan.AssertDatabaseClean(database.Path);
        ReliabilityReport.Write(output, "chaos", ledgers, clock.Elapsed, $"{records:N0} log records scanned");
    }
}
