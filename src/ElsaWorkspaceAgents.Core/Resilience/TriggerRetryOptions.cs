using System.ComponentModel.DataAnnotations;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// The retry budget for one trigger call. Only transient failures are retried (network errors, timeouts,
/// 408, 429, 5xx), always with the same Idempotency-Key, with exponential backoff and jitter, honouring
/// Retry-After, and bounded both by attempts and by total time.
/// </summary>
public sealed class TriggerRetryOptions
{
    /// <summary>Total attempts including the first. 1 disables retries.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first backoff delay; later delays grow exponentially (with jitter).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest single backoff delay, also the longest Retry-After we wait for.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one HTTP attempt may take before it counts as a transient timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole call's budget across all attempts and delays.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
