using System.Net;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.WorkspaceAgents;

/// <summary>The reliability suite pushes 10,000 events through the emulator; its bookkeeping must stay exact under that load.</summary>
public sealed class ThroughputTests
{
    [Fact]
    public async Task Ten_thousand_events_with_retries_yield_exactly_one_run_and_one_write_each()
    {
        const int events = 10_000;
        await using var emulator = await TestEmulator.StartAsync(timings: t => t.WorkspaceAgentRunDelay = TimeSpan.FromMilliseconds(1));
        using var http = emulator.CreateClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        using var gate = new SemaphoreSlim(64);

        var statuses = await Task.WhenAll(Enumerable.Range(0, events).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                // Every tenth event is retried once with the same key, as a client would after a lost response.
                var attempts = i % 10 == 0 ? 2 : 1;
                var last = HttpStatusCode.OK;
                for (var attempt = 0; attempt < attempts; attempt++)
                {
                    using var response = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input($"LOAD-{i}"), idempotencyKey: $"load-{i}");
                    last = response.StatusCode;
                }

                return last;
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.True(await emulator.WaitForIdleAsync(TimeSpan.FromSeconds(120)));
        var state = emulator.State.WorkspaceAgents;
        Assert.Equal(events, state.Runs.Count);
        Assert.Equal(events / 10, state.IdempotentReplays.Count);
        Assert.All(state.Runs, r => Assert.Equal(WorkspaceAgentRunStatus.Completed, r.Status));
        var writes = state.GetDestinationWrites(DemoFixture.DemoDestination);
        Assert.Equal(events, writes.Count);
        Assert.Equal(events, writes.Select(w => w.RequestId).Distinct().Count());
    }
}
