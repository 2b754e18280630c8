namespace ElsaWorkspaceAgents.Core;

/// <summary>
/// The result of a trigger call after retries. Carries what the seed says to log (source request ID, trigger,
/// idempotency key, timestamp, HTTP status) and never a credential: no member holds a token, a token-bearing
/// URL or an Authorization header, so <see cref="object.ToString"/> is safe to log.
/// </summary>
public sealed record TriggerOutcome
{
    /// <summary>How the call ended.</summary>
    public required TriggerOutcomeKind Kind { get; init; }

    /// <summary>The platform called.</summary>
    public required AgentPlatform Platform { get; init; }

    /// <summary>A non-secret name for the target: the connection name plus trigger/agent identifiers that are not credentials.</summary>
    public required string Target { get; init; }

    /// <summary>The idempotency key sent on every attempt.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The source request ID, when the caller supplied one.</summary>
    public string? SourceRequestId { get; init; }

    /// <summary>The final HTTP status, or null when no response arrived (network failure, timeout, refused before sending).</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The platform's run handle: GPT Workbench <c>jobId</c>, DocsGPT <c>task_id</c>, Writer <c>job_id</c> (or <c>id</c>). Workspace Agents documents none; when its 202 carries a JSON body with a run ID, that.</summary>
    public string? RunId { get; init; }

    /// <summary>The run status the platform reported at acceptance (e.g. <c>queued</c>), if any.</summary>
    public string? RunStatus { get; init; }

    /// <summary>The agent's output when the platform returns it synchronously (Writer's SSE stream).</summary>
    public string? Output { get; init; }

    /// <summary>When the outcome was decided.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>How many HTTP attempts were made (0 when refused before sending).</summary>
    public int Attempts { get; init; }

    /// <summary>Each attempt with its status, duration, the delay before the next and why it was retried or not (empty when nothing was sent).</summary>
    public IReadOnlyList<TriggerAttempt> AttemptHistory { get; init; } = [];

    /// <summary>Time spent from the first attempt to the outcome.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>What to do about it, in the platform documentation's words.</summary>
    public string? Guidance { get; init; }

    /// <summary>What went wrong, for people: the platform's error message or the validation failure, secrets removed.</summary>
    public string? Detail { get; init; }

    /// <summary>How long the platform asked us to wait (429/503 Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when the platform accepted the run.</summary>
    public bool IsAccepted => Kind == TriggerOutcomeKind.Accepted;
}
