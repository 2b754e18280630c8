namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>What a caller that owns retries (the outbox, a workflow, a script) may do after a trigger outcome.</summary>
public enum ResendAdvice
{
    /// <summary>The platform accepted the run: nothing to send again.</summary>
    Done,

    /// <summary>
    /// Send again automatically with the same request and key: the failure was transient and either nothing started or
    /// the platform deduplicates by key.
    /// </summary>
    Automatically,

    /// <summary>The platform refused for a reason a resend will not change: fix it (credential, IDs, input) and replay deliberately.</summary>
    AfterFix,

    /// <summary>
    /// The request may have started a run on a platform that cannot deduplicate: never send again automatically. Check the
    /// platform first; only a deliberate replay that accepts the risk of a second run sends it again.
    /// </summary>
    OnlyDeliberately,
}
