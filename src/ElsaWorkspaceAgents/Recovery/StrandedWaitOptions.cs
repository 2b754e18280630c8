namespace ElsaWorkspaceAgents.Recovery;

/// <summary>
/// The stranded-wait check (<see cref="ResumeStrandedWaitsTask"/>), bound from <c>WorkspaceAgents:StrandedWaits</c>.
/// </summary>
public sealed class StrandedWaitOptions
{
    /// <summary>The configuration section, under the pack's own.</summary>
    public const string SectionName = "StrandedWaits";

    /// <summary>
    /// Whether the check runs (default true). Off, a wait stranded by a crash inside Elsa's commit stays suspended until
    /// someone resumes or cancels it.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the suspended instances are checked (default 1 minute). A wait is resumed when two checks in a row found
    /// it stranded and unchanged, so recovery takes one to two intervals after the crash.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many instances are loaded per query (default 50).</summary>
    public int BatchSize { get; set; } = 50;
}
