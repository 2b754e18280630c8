using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.Admin;

/// <summary>
/// <c>GET /_emulator/</c> reports the background work still queued or running, so a client of a standalone emulator
/// (the load harness's <c>--server process</c>) can wait for the world to settle before it resets it.
/// </summary>
public sealed class PendingWorkTests
{
    [Fact]
    public async Task Queued_runs_count_as_pending_work_until_they_finish()
    {
        await using var emulator = await TestEmulator.StartAsync(timings: t => t.WorkspaceAgentRunDelay = TimeSpan.FromSeconds(3));
        using var http = emulator.CreateClient();
        Assert.Equal(0, (await http.GetJsonAsync("_emulator/")).GetProperty("pendingWork").GetInt64());

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("DEMO-PENDING-1"));
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("DEMO-PENDING-2"));

        Assert.Equal(2, (await http.GetJsonAsync("_emulator/")).GetProperty("pendingWork").GetInt64());
        await Poll.UntilAsync(async () => (await http.GetJsonAsync("_emulator/")).GetProperty("pendingWork").GetInt64(), n => n == 0,
            what: "pending work to drain");
    }
}
