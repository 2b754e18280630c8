using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Scenarios;

/// <summary>Shared set-up for the scenarios that run dispatchers as child processes.</summary>
internal static class ProcessScenario
{
    /// <summary>Stores the events with an enqueue-only host (no dispatcher in the test process) and returns a query view.</summary>
    public static async Task<DispatcherHost> EnqueueAsync(Dictionary<string, string?> settings, PlatformEvents events)
    {
        var enqueueOnly = new Dictionary<string, string?>(settings) { ["WorkspaceAgents:Outbox:DispatcherEnabled"] = "false" };
        var host = await DispatcherHost.StartAsync(enqueueOnly);
        await events.EnqueueAsync(host.Outbox);
        return host;
    }

    public static void AssertOutputClean(WorkerProcess worker, string name)
    {
        foreach (var line in worker.Output)
        {
            SecretScan.AssertClean(line, $"{name}'s console output");
        }
    }

    public static Task<OutboxCounts> CountsAsync(DispatcherHost host) => host.Queries.CountAsync();
}
