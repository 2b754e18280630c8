using ElsaWorkspaceAgents.Cli.Output;

namespace ElsaWorkspaceAgents.Cli.Demo;

/// <summary>What every demo scenario gets: the running emulator, where to report, and how long it may wait.</summary>
public sealed record DemoEnvironment(Uri EmulatorAddress, Reporter Reporter, TimeSpan Timeout, bool Verbose)
{
    /// <summary>A fresh request ID in the seed's form, e.g. <c>DEMO-20260618010101</c>, unique per scenario.</summary>
    public string NewRequestId(string platformTag) => $"DEMO-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}{platformTag}";
}
