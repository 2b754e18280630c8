using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// The one shape every platform call is retried in: retries with exponential backoff and jitter (or the delay the
/// caller takes from Retry-After) and a timeout per attempt, all inside an overall time budget. Triggers and status
/// reads differ only in what they retry and what they log.
/// </summary>
/// <remarks>
/// The total budget is enforced by the retry itself rather than by an outer timeout strategy: each attempt's timeout
/// is the smaller of the attempt timeout and what is left of the budget, a delay never outlasts the budget, and no
/// attempt starts once it is spent. That is one timer and one token registration per attempt instead of two, on the
/// path every call takes. The caller starts the clock with <see cref="Start"/> and checks <see cref="BudgetRanOut"/>
/// before sending.
/// </remarks>
internal static class RetryBudgetPipeline
{
    private static readonly ResiliencePropertyKey<BudgetedCall> CallKey = new("ElsaWorkspaceAgents.BudgetedCall");

    public static ResiliencePipeline<T> Build<T>(TriggerRetryOptions budget, TimeProvider timeProvider,
        Func<RetryPredicateArguments<T>, bool> shouldHandle,
        Func<RetryDelayGeneratorArguments<T>, TimeSpan?> retryAfter,
        Func<OnRetryArguments<T>, ValueTask>? onRetry = null)
    {
        var attemptTimeout = budget.AttemptTimeout;
        var baseDelay = budget.BaseDelay;
        var maxDelay = budget.MaxDelay;
        return new ResiliencePipelineBuilder<T> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = Math.Max(0, budget.MaxAttempts - 1),
                // The caller decides what is retried; a spent budget ends the call whatever it decided.
                ShouldHandle = args => ValueTask.FromResult(shouldHandle(args) && !CallOf(args.Context).IsSpent),
                DelayGenerator = args =>
                {
                    var delay = retryAfter(args) ?? Backoff(baseDelay, maxDelay, args.AttemptNumber);
                    var remaining = CallOf(args.Context).Remaining;
                    return ValueTask.FromResult<TimeSpan?>(delay < remaining ? delay : remaining);
                },
                OnRetry = onRetry,
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args =>
                {
                    var remaining = CallOf(args.Context).Remaining;
                    // Zero would mean "no timeout" to Polly; a spent budget is caught by BudgetRanOut before sending.
                    return ValueTask.FromResult(remaining < attemptTimeout ? TimeSpan.FromTicks(Math.Max(remaining.Ticks, TimeSpan.TicksPerMillisecond)) : attemptTimeout);
                },
            })
            .Build();
    }

    /// <summary>Starts <paramref name="call"/>'s budget clock and attaches it to the context the pipeline runs with.</summary>
    public static void Start(ResilienceContext context, BudgetedCall call) => context.Properties.Set(CallKey, call);

    /// <summary>
    /// True when the budget is spent (a delay ran up to its end): the attempt must not be sent, and ends the call as
    /// the outer timeout used to, with <see cref="TimeoutRejectedException"/>.
    /// </summary>
    public static bool BudgetRanOut<T>(ResilienceContext context, out Outcome<T> outcome)
    {
        if (!CallOf(context).IsSpent)
        {
            outcome = default;
            return false;
        }

        outcome = Outcome.FromException<T>(new TimeoutRejectedException("The total time budget ran out before the next attempt."));
        return true;
    }

    /// <summary>The budgeted call the context carries.</summary>
    public static BudgetedCall CallOf(ResilienceContext context) =>
        context.Properties.TryGetValue(CallKey, out var call)
            ? call
            : throw new InvalidOperationException("A retry-budget pipeline ran without its call; start it with RetryBudgetPipeline.Start.");

    /// <summary>
    /// Exponential backoff with jitter: about <paramref name="baseDelay"/> × 2^attempt, spread over ±50 % so that callers
    /// failing together do not retry together, and never more than <paramref name="maxDelay"/>.
    /// </summary>
    public static TimeSpan Backoff(TimeSpan baseDelay, TimeSpan maxDelay, int attempt)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var jittered = exponential * (0.5 + Random.Shared.NextDouble());
        return jittered >= maxDelay.TotalMilliseconds ? maxDelay : TimeSpan.FromMilliseconds(jittered);
    }

    /// <summary>One call's budget: when it started and how long it may take in total.</summary>
    internal class BudgetedCall(TimeProvider timeProvider, TriggerRetryOptions options)
    {
        private readonly long startedAt = timeProvider.GetTimestamp();
        private readonly TimeSpan total = options.TotalTimeout;

        /// <summary>The retry options the call started with (a reload mid-call does not change its budget).</summary>
        public TriggerRetryOptions Options { get; } = options;

        public TimeSpan Elapsed => timeProvider.GetElapsedTime(startedAt);

        public TimeSpan Remaining => total - Elapsed;

        /// <summary>
        /// True once less than <see cref="SpentBelow"/> is left. Timers tick in whole milliseconds and may fire that much
        /// before the stopwatch says the time is up, so a timeout or delay that ran to the end of the budget can leave a
        /// sliver; an attempt started in it could not be answered and would only cut the call's last word short.
        /// </summary>
        public bool IsSpent => Remaining < SpentBelow;
    }

    /// <summary>What is left of a budget that counts as spent (see <see cref="BudgetedCall.IsSpent"/>).</summary>
    public static readonly TimeSpan SpentBelow = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The pipeline for the current retry options, built once and rebuilt only when the budget changes (compared by value,
    /// so options edited in place are honoured): building one per call cost more than the rest of the call together.
    /// </summary>
    internal sealed class Cache<T>(Func<TriggerRetryOptions, ResiliencePipeline<T>> build)
    {
        private volatile Entry? current;

        public ResiliencePipeline<T> For(TriggerRetryOptions options)
        {
            var budget = Budget.Of(options);
            var cached = current;
            if (cached is not null && cached.Budget == budget)
            {
                return cached.Pipeline;
            }

            // Two callers may build at once after a change; either result is correct and the last one stays.
            cached = new Entry(budget, build(options));
            current = cached;
            return cached.Pipeline;
        }

        private sealed record Entry(Budget Budget, ResiliencePipeline<T> Pipeline);

        private readonly record struct Budget(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan AttemptTimeout, TimeSpan TotalTimeout)
        {
            public static Budget Of(TriggerRetryOptions o) => new(o.MaxAttempts, o.BaseDelay, o.MaxDelay, o.AttemptTimeout, o.TotalTimeout);
        }
    }
}
