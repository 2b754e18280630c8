using System.Net;
using System.Runtime.CompilerServices;
using ElsaWorkspaceAgents.Core.Audit;
using ElsaWorkspaceAgents.Core.Security;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// Sends one trigger call through a Polly v8 pipeline (<see cref="RetryBudgetPipeline"/>): retries of transient failures
/// with the same request (so the same Idempotency-Key), exponential backoff with jitter or the server's Retry-After,
/// and a per-attempt timeout, within a total-time budget. Writes one audit record per attempt. What is retried is decided by <see cref="ResendPolicy"/>:
/// after a failure that may have reached a platform without idempotency, no further attempt is made and the result is
/// marked unconfirmed.
/// </summary>
internal sealed class ResilientTriggerSender
{
    /// <summary>
    /// The named HTTP client whose handler chain every platform call goes through (logging handlers removed: URLs can
    /// carry tokens). Configure it with <c>ConfigurePrimaryHttpMessageHandler</c> or <c>AddHttpMessageHandler</c>; the
    /// handlers are used through <see cref="HttpMessageInvoker"/>, so <c>ConfigureHttpClient</c> settings do not apply.
    /// </summary>
    public const string HttpClientName = "ElsaWorkspaceAgents";

    private const int MaxBufferedBodyChars = 1 << 20;

    private readonly IHttpMessageHandlerFactory handlerFactory;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    // Where the retry budget is configured is the caller's business: resilience reads it, it does not know the options tree.
    private readonly Func<TriggerRetryOptions> currentOptions;

    // One pipeline per retry budget, not per call; per-call state travels in the ResilienceContext instead of closures.
    private readonly RetryBudgetPipeline.Cache<HttpResponseMessage> pipelines;

    public ResilientTriggerSender(IHttpMessageHandlerFactory handlerFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider,
        Func<TriggerRetryOptions> currentOptions)
    {
        this.handlerFactory = handlerFactory;
        logger = loggerFactory.CreateLogger(TriggerAuditLog.CategoryName);
        this.timeProvider = timeProvider;
        this.currentOptions = currentOptions;
        pipelines = new RetryBudgetPipeline.Cache<HttpResponseMessage>(BuildPipeline);
    }

    private TriggerRetryOptions Options => currentOptions();

    // Pooled builders: this and AttemptAsync suspend on every call (the network always makes them wait), and a pooled
    // state machine is reused instead of a new box per call. Each ValueTask is awaited once, by its only caller.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SendResult> SendAsync(PlatformCall call, CancellationToken cancellationToken)
    {
        var options = Options;
        var pipeline = pipelines.For(options);
        var state = new CallState(call, timeProvider, options);
        var client = PlatformHttp.Invoker(handlerFactory);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        RetryBudgetPipeline.Start(context, state);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (ctx, arg) => arg.Sender.AttemptAsync(arg.Client, ctx, arg.State),
                context,
                (Sender: this, Client: client, State: state)).ConfigureAwait(false);

            var elapsed = state.Elapsed;
            if (outcome.Exception is { } exception)
            {
                if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw new TriggerCancelledException(state.InDoubt, cancellationToken);
                }

                var unconfirmed = state.InDoubt && !ResendPolicy.HonoursIdempotencyKey(call.Platform);
                return new SendResult
                {
                    Attempts = state.Attempts,
                    AttemptHistory = state.History.Complete(budgetRanOut: exception is TimeoutRejectedException),
                    Elapsed = elapsed,
                    FailureDetail = Describe(exception, call, unconfirmed),
                    Unconfirmed = unconfirmed,
                };
            }

            var response = outcome.Result!;
            return new SendResult
            {
                Response = response,
                Body = state.LastBody,
                Attempts = state.Attempts,
                AttemptHistory = state.History.Complete(budgetRanOut: false),
                Elapsed = elapsed,
                // Only a refusal carries a meaningful Retry-After; skipping the header parse keeps the accepted path lean.
                RetryAfter = response.IsSuccessStatusCode ? null : RetryAfterParser.Parse(response, timeProvider.GetUtcNow()),
                Unconfirmed = !response.IsSuccessStatusCode && ResendPolicy.IsUnconfirmed(ResendPolicy.Classify(response.StatusCode), call.Platform),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(HttpMessageInvoker client, ResilienceContext context, CallState state)
    {
        if (RetryBudgetPipeline.BudgetRanOut(context, out Outcome<HttpResponseMessage> ranOut))
        {
            return ranOut;
        }

        var attempt = ++state.Attempts;
        var started = timeProvider.GetTimestamp();
        var call = state.Call;
        // In doubt from the moment the request may be on the wire until an answer (or proof that nothing was sent) comes back.
        state.InDoubt = true;
        try
        {
            using var request = call.Request.Create();
            // The handler answers once the headers are in; the body is read here, or by the client for a stream.
            var response = await client.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
            state.LastBody = null;
            if (!(call.StreamSuccessBody && response.IsSuccessStatusCode))
            {
                // Read inside the attempt: a body lost mid-transfer is then a transient failure like any other.
                state.LastBody = await PlatformHttp.ReadBodyAsync(response, MaxBufferedBodyChars, context.CancellationToken).ConfigureAwait(false);
            }

            state.InDoubt = false;
            var duration = timeProvider.GetElapsedTime(started);
            state.History.Answered(attempt, response.StatusCode, duration);
            TriggerAuditLog.AttemptCompleted(logger, attempt, call.Platform, call.Target, (int)response.StatusCode,
                (long)duration.TotalMilliseconds, call.SourceRequestId, call.IdempotencyKey, timeProvider.GetUtcNow());
            return Outcome.FromResult(response);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
        {
            state.InDoubt = ResendPolicy.Classify(exception) == FailureClass.MayHaveStarted;
            var duration = timeProvider.GetElapsedTime(started);
            var failure = FailureKind(exception, context);
            state.History.NoAnswer(attempt, failure, duration);
            TriggerAuditLog.AttemptFailed(logger, attempt, call.Platform, call.Target, failure,
                (long)duration.TotalMilliseconds, call.SourceRequestId, call.IdempotencyKey, timeProvider.GetUtcNow());
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(TriggerRetryOptions options) =>
        RetryBudgetPipeline.Build<HttpResponseMessage>(options, timeProvider,
            shouldHandle: args => ShouldRetry(args.Outcome, StateOf(args.Context), args.Context.CancellationToken),
            retryAfter: args => args.Outcome.Result is { } response ? RetryAfterParser.Parse(response, timeProvider.GetUtcNow()) : null,
            onRetry: args =>
            {
                var state = StateOf(args.Context);
                var call = state.Call;
                var honoured = args.Outcome.Result is { } r && r.Headers.RetryAfter is not null;
                state.History.Delayed(args.RetryDelay, honoured);
                TriggerAuditLog.Retrying(logger, call.Platform, call.Target, (long)args.RetryDelay.TotalMilliseconds,
                    args.AttemptNumber + 2, call.IdempotencyKey, honoured);
                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            });

    private static CallState StateOf(ResilienceContext context) => (CallState)RetryBudgetPipeline.CallOf(context);

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CallState state, CancellationToken cancellationToken)
    {
        var (retry, reason) = Decide(outcome, state);
        // Written down for the outcome's attempt history; Polly stops at the last attempt or on cancellation regardless.
        var attemptsLeft = state.Attempts < state.Options.MaxAttempts;
        var budgetLeft = !state.IsSpent;
        state.History.Decided(retry && attemptsLeft && budgetLeft && !cancellationToken.IsCancellationRequested,
            cancellationToken.IsCancellationRequested || (retry && !budgetLeft) ? RetryReasons.BudgetRanOut
            : retry && !attemptsLeft ? RetryReasons.AttemptsUsedUp(reason, state.Options.MaxAttempts)
            : reason);
        return retry;
    }

    private (bool Retry, string Reason) Decide(Outcome<HttpResponseMessage> outcome, CallState state)
    {
        var platform = state.Call.Platform;
        if (outcome.Exception is { } exception)
        {
            var failure = ResendPolicy.Classify(exception);
            return ResendPolicy.MayRetryAttempt(exception, platform) ? (true, RetryReasons.TransientFailure)
                : ResendPolicy.IsUnconfirmed(failure, platform) ? (false, RetryReasons.MayHaveStarted)
                : (false, RetryReasons.NotRetriedFailure);
        }

        var response = outcome.Result!;
        if (response.IsSuccessStatusCode || !ResendPolicy.MayRetryAttempt(ResendPolicy.Classify(response.StatusCode), platform))
        {
            return (false, ResendPolicy.IsUnconfirmed(ResendPolicy.Classify(response.StatusCode), platform)
                ? RetryReasons.StatusMayHaveStarted(response.StatusCode)
                : RetryReasons.Final(response.StatusCode));
        }

        // A Retry-After beyond what we may wait (or beyond the remaining budget) ends the call now, as rate limited,
        // rather than sleeping past the caller's deadline.
        var remaining = state.Remaining;
        if (RetryAfterParser.Parse(response, timeProvider.GetUtcNow()) is { } retryAfter &&
            !ResendPolicy.RetryAfterFits(retryAfter, state.Options.MaxDelay, remaining))
        {
            return (false, RetryReasons.RetryAfterTooLong(response.StatusCode, retryAfter));
        }

        return (true, RetryReasons.TransientStatus(response.StatusCode));
    }

    private static string FailureKind(Exception exception, ResilienceContext context) => exception switch
    {
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => "timeout or cancellation",
        HttpRequestException { HttpRequestError: var error } => $"network: {error}",
        IOException => "connection lost",
        _ => exception.GetType().Name,
    };

    private string Describe(Exception exception, PlatformCall call, bool unconfirmed)
    {
        var text = exception switch
        {
            TimeoutRejectedException when unconfirmed =>
                $"No answer in time after the request was sent ({Budget(Options)}), so the platform may have accepted it.",
            TimeoutRejectedException =>
                $"No answer in time: attempts timed out or the retry budget ran out ({Budget(Options)}).",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } =>
                "Could not connect to the platform.",
            HttpRequestException or IOException when unconfirmed =>
                "The connection failed after the request was sent, so the platform may have accepted it.",
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
        if (unconfirmed)
        {
            text += " This platform has no idempotency key, so it was not re-sent (that could start a second run).";
        }

        return SecretRedactor.Redact(text, call.Secrets)!;

        static string Budget(TriggerRetryOptions o) => $"{o.MaxAttempts} attempts, {o.TotalTimeout.TotalSeconds:0.#} s in total";
    }

    private sealed class CallState(PlatformCall call, TimeProvider timeProvider, TriggerRetryOptions options)
        : RetryBudgetPipeline.BudgetedCall(timeProvider, options)
    {
        public PlatformCall Call { get; } = call;

        public int Attempts { get; set; }

        public AttemptHistory History { get; } = new();

        public string? LastBody { get; set; }

        /// <summary>True while the latest attempt may have reached the platform without an answer (see <see cref="ResendPolicy.Classify(Exception)"/>).</summary>
        public bool InDoubt { get; set; }
    }
}
