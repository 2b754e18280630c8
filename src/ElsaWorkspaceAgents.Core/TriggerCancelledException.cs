namespace ElsaWorkspaceAgents.Core;

/// <summary>
/// The caller cancelled a trigger call. Says whether a request may already have reached the platform, so an owner of
/// retries (the outbox) can ask the resilience layer's <c>ResendPolicy.ForInterruptedSend</c> whether sending it again is safe.
/// </summary>
public sealed class TriggerCancelledException : OperationCanceledException
{
    public TriggerCancelledException(bool requestMayHaveArrived, CancellationToken token)
        : base(requestMayHaveArrived
            ? "The trigger call was cancelled by the caller while a request was on its way: the platform may have accepted it."
            : "The trigger call was cancelled by the caller before any request reached the platform.", token)
    {
        RequestMayHaveArrived = requestMayHaveArrived;
    }

    /// <summary>False only when no request was on the wire when the call was cancelled (before the first attempt, or during a backoff delay after an answer).</summary>
    public bool RequestMayHaveArrived { get; }
}
