using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox.Storage;

namespace ElsaWorkspaceAgents.Outbox.Dispatching;

/// <summary>
/// Turns a trigger outcome into the row's next state, as <see cref="ResendPolicy"/> advises: Accepted is done; what may be
/// sent again automatically (a rate limit, a transient failure that started nothing or that the key deduplicates) is
/// rescheduled with exponential backoff (never sooner than the platform's Retry-After) until the attempt or age limit makes
/// it terminal; a refusal the platform will repeat (401/403/404/409/invalid input) is a terminal failure at once; and a
/// request that may have started a run on a platform without idempotency is <see cref="OutboxEntryState.Unconfirmed"/>,
/// never sent again automatically.
/// </summary>
internal static class DispatchDecider
{
    private const int MaxErrorLength = 2000;

    public static DispatchResult Decide(OutboxMessage row, TriggerOutcome outcome, long nowMs, AgentTriggerOutboxOptions options, Random random)
    {
        var reason = Describe(outcome);
        return ResendPolicy.ForOutcome(outcome) switch
        {
            ResendAdvice.Done => new DispatchResult
            {
                State = OutboxEntryState.Accepted,
                Outcome = outcome.Kind,
                HttpStatus = outcome.HttpStatus,
                HttpAttempts = outcome.Attempts,
            },
            ResendAdvice.Automatically =>
                Retry(row, outcome.Kind, outcome.HttpStatus, outcome.Attempts, reason, outcome.RetryAfter, nowMs, options, random),
            _ => new DispatchResult
            {
                // OnlyDeliberately: Unconfirmed is its own state; a run that started and failed (Writer) is a terminal failure.
                State = outcome.Kind == TriggerOutcomeKind.Unconfirmed ? OutboxEntryState.Unconfirmed : OutboxEntryState.Failed,
                Outcome = outcome.Kind,
                HttpStatus = outcome.HttpStatus,
                HttpAttempts = outcome.Attempts,
                Error = Truncate(reason),
            },
        };
    }

    /// <summary>
    /// A send that ended without an outcome: cut short before its lease expired, interrupted by shutdown, abandoned by a
    /// dispatcher whose lease expired, or the trigger service threw. <see cref="ResendPolicy.ForInterruptedSend"/> decides:
    /// rescheduled where sending again is safe, <see cref="OutboxEntryState.Unconfirmed"/> where it could start a second run.
    /// </summary>
    public static DispatchResult Interrupted(OutboxMessage row, AgentPlatform? platform, bool requestMayHaveArrived, string reason, long nowMs,
        AgentTriggerOutboxOptions options, Random random)
    {
        // An unknown connection has no platform and starts nothing: the next attempt reports it.
        var advice = platform is { } p ? ResendPolicy.ForInterruptedSend(p, requestMayHaveArrived) : ResendAdvice.Automatically;
        if (advice == ResendAdvice.Automatically)
        {
            return Retry(row, TriggerOutcomeKind.Failed, null, 0, reason + " It will be sent again with the same key.", null, nowMs, options, random);
        }

        return new DispatchResult
        {
            State = OutboxEntryState.Unconfirmed,
            Outcome = TriggerOutcomeKind.Unconfirmed,
            Error = Truncate($"Unconfirmed: {reason} The request may have reached {platform}, which has no idempotency key, so it is not sent again " +
                             $"automatically. What to do: {PlatformGuidance.For(platform!.Value, TriggerOutcomeKind.Unconfirmed)}"),
        };
    }

    private static DispatchResult Retry(OutboxMessage row, TriggerOutcomeKind kind, int? httpStatus, int httpAttempts, string reason,
        TimeSpan? retryAfter, long nowMs, AgentTriggerOutboxOptions options, Random random)
    {
        var attempts = row.DispatchAttempts + 1;
        var age = TimeSpan.FromMilliseconds(nowMs - row.CreatedAt);
        string? giveUp = null;
        if (attempts >= options.MaxAttempts)
        {
            giveUp = $"Gave up after {attempts} dispatch attempts";
        }
        else if (age >= options.MaxAge)
        {
            giveUp = $"Gave up after {age.TotalHours:0.#} h (max age {options.MaxAge.TotalHours:0.#} h)";
        }

        if (giveUp is not null)
        {
            return new DispatchResult
            {
                State = OutboxEntryState.Failed,
                Outcome = kind,
                HttpStatus = httpStatus,
                HttpAttempts = httpAttempts,
                Error = Truncate($"{giveUp}; last: {reason}"),
            };
        }

        var delay = Backoff(attempts, options, random);
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }

        return new DispatchResult
        {
            State = OutboxEntryState.Pending,
            Outcome = kind,
            HttpStatus = httpStatus,
            HttpAttempts = httpAttempts,
            Error = Truncate(reason),
            NextAttemptAt = nowMs + (long)delay.TotalMilliseconds,
        };
    }

    /// <summary>Base delay doubled per attempt, capped, with ±20 % jitter so rows failed together do not return together.</summary>
    public static TimeSpan Backoff(int attempt, AgentTriggerOutboxOptions options, Random random)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var raw = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (random.NextDouble() * 0.4)));
    }

    private static string Describe(TriggerOutcome outcome)
    {
        var status = outcome.HttpStatus is { } s ? $" (HTTP {s})" : string.Empty;
        var detail = string.IsNullOrWhiteSpace(outcome.Detail) ? "no detail" : outcome.Detail;
        var guidance = string.IsNullOrWhiteSpace(outcome.Guidance) ? string.Empty : $" What to do: {outcome.Guidance}";
        return $"{outcome.Kind}{status}: {detail}.{guidance}".Replace("..", ".", StringComparison.Ordinal);
    }

    private static string Truncate(string text) => text.Length > MaxErrorLength ? text[..MaxErrorLength] + "…" : text;
}
