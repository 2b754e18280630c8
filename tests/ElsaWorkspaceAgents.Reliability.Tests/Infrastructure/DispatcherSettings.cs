using System.Globalization;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// The configuration every dispatcher in the suite runs with, as flat configuration keys: the same values go into the
/// in-process host's configuration and into a worker process's environment (<c>:</c> becomes <c>__</c>).
/// Short timeouts and leases keep chaos and crash recovery quick; the outbox's budget is large enough that chaos never
/// exhausts it. The retry budget is never the binding limit (3 attempts of at most 5 s and 2 delays of at most 2 s fit in
/// the total), and the lease outlasts it: so an attempt is cut only by its own timeout, which on this loaded machine only
/// an injected hold reaches. A client that gives up on an answer still queued on a busy server would be a doubt the
/// emulator cannot count.
/// </summary>
internal static class DispatcherSettings
{
    /// <summary>Sends one dispatcher makes at once (so also the most rows a killed one can leave in flight).</summary>
    public const int MaxConcurrency = 32;

    public static Dictionary<string, string?> For(Uri emulator, string databaseConnectionString, TimeSpan? lease = null)
    {
        var connection = $"WorkspaceAgents:Connections:{ReliabilityWorld.ConnectionName}";
        var gptWorkbench = $"WorkspaceAgents:Connections:{ReliabilityPlatform.GptWorkbench.ConnectionName}";
        var docsGpt = $"WorkspaceAgents:Connections:{ReliabilityPlatform.DocsGpt.ConnectionName}";
        var writer = $"WorkspaceAgents:Connections:{ReliabilityPlatform.Writer.ConnectionName}";
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{connection}:Platform"] = "WorkspaceAgents",
            [$"{connection}:BaseUrl"] = emulator.AbsoluteUri,
            [$"{connection}:TriggerId"] = ReliabilityWorld.ChannelId,
            [$"{connection}:Token"] = Secrets.AccessToken,
            [$"{gptWorkbench}:Platform"] = "GptWorkbench",
            [$"{gptWorkbench}:BaseUrl"] = emulator.AbsoluteUri,
            [$"{gptWorkbench}:Token"] = Secrets.GptWorkbenchToken,
            [$"{docsGpt}:Platform"] = "DocsGpt",
            [$"{docsGpt}:BaseUrl"] = emulator.AbsoluteUri,
            [$"{docsGpt}:Token"] = Secrets.DocsGptToken,
            [$"{writer}:Platform"] = "Writer",
            [$"{writer}:BaseUrl"] = emulator.AbsoluteUri,
            [$"{writer}:Token"] = Secrets.WriterApiKey,
            [$"{writer}:AgentId"] = ReliabilityWorld.WriterAgentId,
            [$"{writer}:BlueprintId"] = ReliabilityWorld.WriterBlueprintId,
            ["WorkspaceAgents:Retry:MaxAttempts"] = "3",
            ["WorkspaceAgents:Retry:BaseDelay"] = "00:00:00.050",
            ["WorkspaceAgents:Retry:MaxDelay"] = "00:00:02",
            ["WorkspaceAgents:Retry:AttemptTimeout"] = "00:00:05",
            ["WorkspaceAgents:Retry:TotalTimeout"] = "00:00:19.500",
            ["WorkspaceAgents:Outbox:Provider"] = "Sqlite",
            ["WorkspaceAgents:Outbox:ConnectionString"] = databaseConnectionString,
            ["WorkspaceAgents:Outbox:BatchSize"] = "32",
            ["WorkspaceAgents:Outbox:MaxConcurrency"] = MaxConcurrency.ToString(CultureInfo.InvariantCulture),
            ["WorkspaceAgents:Outbox:PollInterval"] = "00:00:00.200",
            ["WorkspaceAgents:Outbox:LeaseDuration"] = (lease ?? TimeSpan.FromSeconds(22)).ToString("c", CultureInfo.InvariantCulture),
            ["WorkspaceAgents:Outbox:LeaseSafetyMargin"] = "00:00:02",
            ["WorkspaceAgents:Outbox:MaxAttempts"] = "100",
            ["WorkspaceAgents:Outbox:RetryBaseDelay"] = "00:00:00.200",
            ["WorkspaceAgents:Outbox:RetryMaxDelay"] = "00:00:02",
        };
    }
}
