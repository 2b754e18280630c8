using System.Globalization;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// The configuration every dispatcher in the suite runs with, as flat configuration keys: the same values go into the
/// in-process host's configuration and into a worker process's environment (<c>:</c> becomes <c>__</c>).
/// Short timeouts and leases keep chaos and crash recovery quick; the outbox's budget is large enough that chaos never
/// exhausts it.
/// </summary>
internal static class DispatcherSettings
{
    public static Dictionary<string, string?> For(Uri emulator, string databaseConnectionString, TimeSpan? lease = null)
    {
        var connection = $"WorkspaceAgents:Connections:{ReliabilityWorld.ConnectionName}";
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{connection}:Platform"] = "WorkspaceAgents",
            [$"{connection}:BaseUrl"] = emulator.AbsoluteUri,
            [$"{connection}:TriggerId"] = ReliabilityWorld.ChannelId,
            [$"{connection}:Token"] = Secrets.AccessToken,
            ["WorkspaceAgents:Retry:MaxAttempts"] = "4",
            ["WorkspaceAgents:Retry:BaseDelay"] = "00:00:00.050",
            ["WorkspaceAgents:Retry:MaxDelay"] = "00:00:02",
            ["WorkspaceAgents:Retry:AttemptTimeout"] = "00:00:01",
            ["WorkspaceAgents:Retry:TotalTimeout"] = "00:00:06",
            ["WorkspaceAgents:Outbox:Provider"] = "Sqlite",
            ["WorkspaceAgents:Outbox:ConnectionString"] = databaseConnectionString,
            ["WorkspaceAgents:Outbox:BatchSize"] = "16",
            ["WorkspaceAgents:Outbox:MaxConcurrency"] = "16",
            ["WorkspaceAgents:Outbox:PollInterval"] = "00:00:00.200",
            ["WorkspaceAgents:Outbox:LeaseDuration"] = (lease ?? TimeSpan.FromSeconds(10)).ToString("c", CultureInfo.InvariantCulture),
            ["WorkspaceAgents:Outbox:LeaseSafetyMargin"] = "00:00:02",
            ["WorkspaceAgents:Outbox:MaxAttempts"] = "100",
            ["WorkspaceAgents:Outbox:RetryBaseDelay"] = "00:00:00.200",
            ["WorkspaceAgents:Outbox:RetryMaxDelay"] = "00:00:02",
        };
    }
}
