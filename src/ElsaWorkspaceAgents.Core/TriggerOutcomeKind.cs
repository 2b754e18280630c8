namespace ElsaWorkspaceAgents.Core;

/// <summary>How a trigger call ended. Each kind is a flow outcome a workflow designer can wire.</summary>
public enum TriggerOutcomeKind
{
    /// <summary>The platform accepted the run (accepted is not finished).</summary>
    Accepted,

    /// <summary>401: the credential is missing, expired, revoked, invalid or of the wrong type. Not retried.</summary>
    Unauthorized,

    /// <summary>403: the credential is valid but may not trigger this agent (or the caller's IP is not allowed). Not retried.</summary>
    Forbidden,

    /// <summary>404: the trigger, token or agent does not exist or is not visible to the caller. Not retried.</summary>
    NotFound,

    /// <summary>409: the agent or its API channel is not runnable. Not retried.</summary>
    Conflict,

    /// <summary>429 after the retry budget was spent, or with a Retry-After longer than the budget allows.</summary>
    RateLimited,

    /// <summary>The request was refused before sending (or by the platform with 400) because the input is not valid.</summary>
    InvalidInput,

    /// <summary>
    /// A transient failure outlasted the retry budget without starting anything (or on a platform that deduplicates by key,
    /// so sending again with the same key is safe), or the platform answered in a way we do not understand.
    /// </summary>
    Failed,

    /// <summary>
    /// The request may have reached a platform that cannot deduplicate (GPT Workbench, Writer) and no answer confirmed it:
    /// a lost response, a timeout or reset after sending, 500/408, a stream that broke off. The agent may have started, so
    /// it was not sent again: check the platform's execution logs or jobs before sending it again.
    /// </summary>
    Unconfirmed,
}
