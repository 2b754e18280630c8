using System.Net;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// Writes down each attempt of one trigger call and what the retry rules decided after it, so the outcome can show a
/// designer why a call was retried or not. It records decisions made elsewhere and makes none.
/// </summary>
internal sealed class AttemptHistory
{
    private readonly List<TriggerAttempt> attempts = new(1);

    public void Answered(int number, HttpStatusCode status, TimeSpan duration) =>
        attempts.Add(new TriggerAttempt { Number = number, HttpStatus = (int)status, Duration = duration });

    public void NoAnswer(int number, string failure, TimeSpan duration) =>
        attempts.Add(new TriggerAttempt { Number = number, Failure = failure, Duration = duration });

    /// <summary>The retry rules' verdict on the last attempt.</summary>
    public void Decided(bool retried, string reason) => UpdateLast(a => a with { Retried = retried, Reason = reason });

    /// <summary>The wait before the next attempt.</summary>
    public void Delayed(TimeSpan delay, bool fromRetryAfter) => UpdateLast(a => a with { Delay = delay, DelayFromRetryAfter = fromRetryAfter });

    /// <summary>The history as the outcome carries it. A budget that ran out mid-wait or mid-attempt overrides the last verdict.</summary>
    public IReadOnlyList<TriggerAttempt> Complete(bool budgetRanOut)
    {
        if (budgetRanOut)
        {
            UpdateLast(a => a with { Retried = false, Reason = RetryReasons.BudgetRanOut });
        }

        return attempts.ToArray();
    }

    private void UpdateLast(Func<TriggerAttempt, TriggerAttempt> update)
    {
        if (attempts.Count > 0)
        {
            attempts[^1] = update(attempts[^1]);
        }
    }
}
