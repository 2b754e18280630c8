namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>One fault-injection rule.</summary>
public sealed class ChaosRule
{
    /// <summary>Optional label, echoed in chaos events.</summary>
    public string? Id { get; set; }

    /// <summary>Which platform's trigger endpoints; null means all four.</summary>
    public ChaosPlatform? Platform { get; set; }

    /// <summary>Channel id / trigger id / DocsGPT agent id / blueprint id; null means every trigger of the platform.</summary>
    public string? Target { get; set; }

    /// <summary>What to do.</summary>
    public ChaosMode Mode { get; set; }

    /// <summary>Apply to the next N matching requests only; null means no limit. Decremented as the rule fires.</summary>
    public int? Count { get; set; }

    /// <summary>Chance (0..1) that a matching request is affected, rolled with the seeded random.</summary>
    public double Probability { get; set; } = 1.0;

    /// <summary>Latency mode: added delay.</summary>
    public int LatencyMs { get; set; }

    /// <summary>ServerError mode: status to answer (500-599).</summary>
    public int StatusCode { get; set; } = 503;

    /// <summary>RateLimit mode (and optional for ServerError): Retry-After delay in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>RateLimit mode: Retry-After as delta-seconds or HTTP-date.</summary>
    public RetryAfterFormat RetryAfterFormat { get; set; } = RetryAfterFormat.Seconds;

    /// <summary>ServerError mode: also send Retry-After.</summary>
    public bool IncludeRetryAfter { get; set; }

    /// <summary>
    /// ServerError mode: the platform handles the request first (run queued, task or job created, idempotency key
    /// recorded) and the error then replaces its answer, as when a gateway gives up on a slow upstream (504) or loses its
    /// answer (502). Refusals such as 401/404 are returned as they are.
    /// </summary>
    public bool AfterProcessing { get; set; }

    /// <summary>Timeout mode: how long to hold the request.</summary>
    public int HoldMs { get; set; } = 30_000;
}
