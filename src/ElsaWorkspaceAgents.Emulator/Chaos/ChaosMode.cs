namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>What a chaos rule does to a request.</summary>
public enum ChaosMode
{
    /// <summary>Delay the request by <see cref="ChaosRule.LatencyMs"/>, then handle it normally. Stacks with other rules.</summary>
    Latency,

    /// <summary>Answer 429 with a Retry-After header (seconds or HTTP-date); nothing is processed.</summary>
    RateLimit,

    /// <summary>Answer <see cref="ChaosRule.StatusCode"/> (default 503); nothing is processed.</summary>
    ServerError,

    /// <summary>Abort the connection before processing; the client sees a reset.</summary>
    ConnectionReset,

    /// <summary>Hold the request for <see cref="ChaosRule.HoldMs"/>; if the client is still there, handle it normally.</summary>
    Timeout,

    /// <summary>Process the request (the run starts), then abort the connection instead of sending the response.</summary>
    AcceptThenDrop,
}
