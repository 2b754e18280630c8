namespace ElsaWorkspaceAgents.Core.Runs;

/// <summary>How to wait for a run: polling with backoff under an overall deadline.</summary>
public sealed class RunWaitOptions
{
    /// <summary>The first delay between polls.</summary>
    public TimeSpan InitialPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between polls (the interval doubles up to this).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Give up after this long; the last snapshot is returned, not terminal.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);
}
