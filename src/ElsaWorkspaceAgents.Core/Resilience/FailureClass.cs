namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>What one failed HTTP exchange says about whether the request could have started a run.</summary>
public enum FailureClass
{
    /// <summary>
    /// The request provably started nothing: the connection was refused or the name did not resolve, or the platform
    /// answered 429 or 503 (it turned the request away). Safe to send again on every platform.
    /// </summary>
    NothingStarted,

    /// <summary>
    /// The request may have reached the platform and no usable answer came back: a lost response, a timeout or a reset
    /// after sending, 408, 500, a gateway's 502 or 504, or another 5xx. Safe to send again only where the platform honours
    /// Idempotency-Key.
    /// </summary>
    MayHaveStarted,

    /// <summary>An answer that sending again will not change (4xx other than 408/429, 501, 505).</summary>
    Final,
}
