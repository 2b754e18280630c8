using System.Net;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>What the resilient sender ended with: a final response, or the failure that outlasted the budget.</summary>
internal sealed class SendResult : IDisposable
{
    /// <summary>The final response; null when none arrived.</summary>
    public HttpResponseMessage? Response { get; init; }

    /// <summary>The buffered body of the final response (unless the caller streams it).</summary>
    public string? Body { get; init; }

    public HttpStatusCode? Status => Response?.StatusCode;

    public required int Attempts { get; init; }

    /// <summary>Each attempt and the retry decision after it.</summary>
    public IReadOnlyList<TriggerAttempt> AttemptHistory { get; init; } = [];

    public required TimeSpan Elapsed { get; init; }

    /// <summary>Why no response arrived, already free of secrets.</summary>
    public string? FailureDetail { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// True when the last attempt may have reached a platform that cannot deduplicate and nothing confirmed it
    /// (decided by <see cref="ResendPolicy"/>): the outcome is <see cref="TriggerOutcomeKind.Unconfirmed"/>.
    /// </summary>
    public bool Unconfirmed { get; init; }

    public void Dispose() => Response?.Dispose();
}
