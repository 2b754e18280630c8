namespace ElsaWorkspaceAgents.Callbacks;

/// <summary>
/// How long the callback receiver remembers handled deliveries in Elsa's key-value store
/// (<see cref="PruneCallbackMemoryTask"/>), bound from <c>WorkspaceAgents:CallbackMemory</c>.
/// </summary>
public sealed class CallbackMemoryOptions
{
    /// <summary>The configuration section, under the pack's own.</summary>
    public const string SectionName = "CallbackMemory";

    /// <summary>
    /// How long a handled delivery and its run are remembered (default 7 days). A retried delivery within this time is
    /// answered "already handled"; platforms retry a failed webhook for minutes or hours, not days.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often entries older than <see cref="Retention"/> are removed (default 1 hour).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
