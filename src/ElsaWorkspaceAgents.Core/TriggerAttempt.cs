namespace ElsaWorkspaceAgents.Core;

/// <summary>
/// One HTTP attempt of a trigger call and what the retry rules decided after it, for people reading a run's history
/// (a designer's activity output, a log). Holds no credential: the failure is a category, never a URL or a header.
/// </summary>
public sealed record TriggerAttempt
{
    /// <summary>The attempt's number, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>The HTTP status the platform answered, or null when no answer arrived.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Why no answer arrived (e.g. <c>network: ConnectionError</c>, <c>timeout or cancellation</c>); null when one did.</summary>
    public string? Failure { get; init; }

    /// <summary>How long the attempt took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>True when another attempt followed this one.</summary>
    public bool Retried { get; init; }

    /// <summary>The wait before the next attempt, when there was one.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>True when <see cref="Delay"/> is the platform's <c>Retry-After</c> rather than our backoff.</summary>
    public bool DelayFromRetryAfter { get; init; }

    /// <summary>Why the call was retried after this attempt, or why not, in words.</summary>
    public string? Reason { get; init; }
}
