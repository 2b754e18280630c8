using System.Net;
using Polly.Timeout;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// The one owner of "may this be sent again?". Every retrying part of the product asks here instead of deciding for itself:
/// the trigger sender between attempts, the status readers (a read starts nothing), the durable run wait, the outbox
/// after an outcome or an interrupted send, and the Elsa trigger activities.
/// </summary>
/// <remarks>
/// The rule: a failure that provably started nothing is retried on every platform; a failure after the request may have
/// reached the platform is retried only where the platform honours Idempotency-Key (Workspace Agents, DocsGPT), because
/// the same key returns the original outcome there. On GPT Workbench and Writer such a failure ends as
/// <see cref="TriggerOutcomeKind.Unconfirmed"/> and is never re-sent automatically: at most once, said plainly.
/// </remarks>
public static class ResendPolicy
{
    /// <summary>True when the platform deduplicates requests by Idempotency-Key, so a resend after a lost answer is safe.</summary>
    public static bool HonoursIdempotencyKey(AgentPlatform platform) => platform switch
    {
        AgentPlatform.WorkspaceAgents or AgentPlatform.DocsGpt => true,
        // Neither documents an idempotency key: a second request is a second run.
        AgentPlatform.GptWorkbench or AgentPlatform.Writer => false,
        _ => false,
    };

    /// <summary>What an HTTP answer that is not a success says about the request.</summary>
    /// <remarks>
    /// 429 and 503 are refusals: the service (or the gateway, finding no upstream) turned the request away. A 502 or 504
    /// comes from a gateway that passed the request on and then lost or gave up waiting for the answer, so the application
    /// may have taken it: in doubt, like a lost response.
    /// </remarks>
    public static FailureClass Classify(HttpStatusCode status) => (int)status switch
    {
        429 or 503 => FailureClass.NothingStarted,
        501 or 505 => FailureClass.Final,
        408 or (>= 500 and < 600) => FailureClass.MayHaveStarted,
        _ => FailureClass.Final,
    };

    /// <summary>What an exchange that ended without an answer says about the request.</summary>
    public static FailureClass Classify(Exception exception) => exception switch
    {
        // Nothing was written to the wire.
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => FailureClass.NothingStarted,
        // The request may have been sent: a lost or broken answer, a timeout or cancellation mid-exchange.
        HttpRequestException or IOException or TimeoutRejectedException or OperationCanceledException => FailureClass.MayHaveStarted,
        _ => FailureClass.Final,
    };

    /// <summary>Whether the trigger sender may make another attempt after this failure.</summary>
    public static bool MayRetryAttempt(FailureClass failure, AgentPlatform platform) => failure switch
    {
        FailureClass.NothingStarted => true,
        FailureClass.MayHaveStarted => HonoursIdempotencyKey(platform),
        _ => false,
    };

    /// <summary>
    /// Whether the trigger sender may make another attempt after an exchange that ended without an answer. A bare
    /// cancellation is the caller's (attempt timeouts arrive as <see cref="TimeoutRejectedException"/>) and is never retried.
    /// </summary>
    public static bool MayRetryAttempt(Exception exception, AgentPlatform platform) =>
        exception is not OperationCanceledException && MayRetryAttempt(Classify(exception), platform);

    /// <summary>True when a failure left the request in doubt on a platform that cannot deduplicate: the outcome is Unconfirmed.</summary>
    public static bool IsUnconfirmed(FailureClass failure, AgentPlatform platform) =>
        failure == FailureClass.MayHaveStarted && !HonoursIdempotencyKey(platform);

    /// <summary>A read starts nothing, so every transient failure of a status read or listing may be retried.</summary>
    public static bool MayRetryRead(HttpStatusCode status) => Classify(status) != FailureClass.Final;

    /// <inheritdoc cref="MayRetryRead(HttpStatusCode)"/>
    public static bool MayRetryRead(Exception exception) => exception is not OperationCanceledException && Classify(exception) != FailureClass.Final;

    /// <summary>
    /// Whether waiting the server's Retry-After is within what the caller allows: no longer than the longest single delay
    /// and shorter than the time left. Beyond that the call ends now (as rate limited) rather than sleeping past its deadline.
    /// </summary>
    public static bool RetryAfterFits(TimeSpan? retryAfter, TimeSpan maxDelay, TimeSpan remaining) =>
        retryAfter is not { } wait || (wait <= maxDelay && wait < remaining);

    /// <summary>What a caller that owns retries (outbox, workflow, script) may do after a trigger outcome.</summary>
    public static ResendAdvice ForOutcome(TriggerOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            TriggerOutcomeKind.Accepted => ResendAdvice.Done,
            TriggerOutcomeKind.Unconfirmed => ResendAdvice.OnlyDeliberately,
            TriggerOutcomeKind.RateLimited => ResendAdvice.Automatically,
            // A 2xx that still failed (Writer's blueprint reported an error) means a run happened: on a platform that cannot
            // deduplicate, sending again is a second run, so only a person decides.
            TriggerOutcomeKind.Failed when outcome.HttpStatus is >= 200 and < 300 && !HonoursIdempotencyKey(outcome.Platform) => ResendAdvice.OnlyDeliberately,
            // Core reports Failed only when the request started nothing or the platform deduplicates by key.
            TriggerOutcomeKind.Failed => ResendAdvice.Automatically,
            _ => ResendAdvice.AfterFix,
        };
    }

    /// <summary>
    /// Whether a retry outside the trigger's own bounded budget (a workflow instance retried from its incident, a queue
    /// redelivery) is safe: only where the outcome may be sent again automatically <em>and</em> the platform deduplicates by
    /// key, so that however often it is retried there is at most one run. On GPT Workbench and Writer a person decides.
    /// </summary>
    public static bool IsSafeToRetryBlindly(TriggerOutcome outcome) =>
        ForOutcome(outcome) == ResendAdvice.Automatically && HonoursIdempotencyKey(outcome.Platform);

    /// <summary>
    /// What may happen to a send that was interrupted before it produced an outcome: cancelled by its owner (a lease about
    /// to expire, a dispatcher stopping) or abandoned by a dispatcher that died (its lease expired while the send was in flight).
    /// </summary>
    /// <param name="platform">The connection's platform.</param>
    /// <param name="requestMayHaveArrived">False only when it is known that no request was on the wire (e.g. cancelled during a backoff delay).</param>
    public static ResendAdvice ForInterruptedSend(AgentPlatform platform, bool requestMayHaveArrived) =>
        !requestMayHaveArrived || HonoursIdempotencyKey(platform) ? ResendAdvice.Automatically : ResendAdvice.OnlyDeliberately;

    /// <summary>Whether a durable waiter may poll again after a status read failed (only a transient failure is worth waiting out).</summary>
    public static bool MayPollAgain(RunTrackingException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.IsTransient;
    }
}
