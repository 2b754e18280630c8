using Polly;
using Polly.Retry;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// The one shape every platform call is retried in: an overall time budget, retries with exponential backoff and jitter
/// (or the delay the caller's generator takes from Retry-After), and a timeout per attempt. Triggers and status reads
/// differ only in what they retry and what they log.
/// </summary>
internal static class RetryBudgetPipeline
{
    public static ResiliencePipeline<T> Build<T>(TriggerRetryOptions budget, TimeProvider timeProvider,
        Func<RetryPredicateArguments<T>, ValueTask<bool>> shouldHandle,
        Func<RetryDelayGeneratorArguments<T>, ValueTask<TimeSpan?>> delayGenerator,
        Func<OnRetryArguments<T>, ValueTask>? onRetry = null) =>
        new ResiliencePipelineBuilder<T> { TimeProvider = timeProvider }
            .AddTimeout(budget.TotalTimeout)
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = Math.Max(0, budget.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = budget.BaseDelay,
                MaxDelay = budget.MaxDelay,
                ShouldHandle = shouldHandle,
                DelayGenerator = delayGenerator,
                OnRetry = onRetry,
            })
            .AddTimeout(budget.AttemptTimeout)
            .Build();
}
