using System.Net;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// Writes down each attempt of one trigger call and what the retry rules decided after it, so the outcome can show a
/// designer why a call was retried or not. It records decisions made elsewhere and makes none.
/// </summary>
/// <remarks>
/// Every trigger call keeps one: the attempt being decided on stays in mutable fields and becomes a
/// <see cref="TriggerAttempt"/> once, when the next attempt starts or the history is complete, so the usual single
/// attempt costs one record and a one-element array, not a list, copies and closures.
/// </remarks>
internal sealed class AttemptHistory
{
    private List<TriggerAttempt>? earlier;
    private Pending last;
    private bool hasLast;

    public void Answered(int number, HttpStatusCode status, TimeSpan duration) =>
        Begin(new Pending { Number = number, HttpStatus = (int)status, Duration = duration });

    public void NoAnswer(int number, string failure, TimeSpan duration) =>
        Begin(new Pending { Number = number, Failure = failure, Duration = duration });

    /// <summary>The retry rules' verdict on the last attempt.</summary>
    public void Decided(bool retried, string reason)
    {
        last.Retried = retried;
        last.Reason = reason;
    }

    /// <summary>The wait before the next attempt.</summary>
    public void Delayed(TimeSpan delay, bool fromRetryAfter)
    {
        last.Delay = delay;
        last.DelayFromRetryAfter = fromRetryAfter;
    }

    /// <summary>The history as the outcome carries it. A budget that ran out mid-wait or mid-attempt overrides the last verdict.</summary>
    public IReadOnlyList<TriggerAttempt> Complete(bool budgetRanOut)
    {
        if (!hasLast)
        {
            return [];
        }

        if (budgetRanOut)
        {
            Decided(false, RetryReasons.BudgetRanOut);
        }

        var count = (earlier?.Count ?? 0) + 1;
        var all = new TriggerAttempt[count];
        earlier?.CopyTo(all);
        all[^1] = last.ToAttempt();
        return all;
    }

    private void Begin(Pending attempt)
    {
        if (hasLast)
        {
            (earlier ??= new List<TriggerAttempt>(4)).Add(last.ToAttempt());
        }

        last = attempt;
        hasLast = true;
    }

    private struct Pending
    {
        public int Number;
        public int? HttpStatus;
        public string? Failure;
        public TimeSpan Duration;
        public bool Retried;
        public TimeSpan? Delay;
        public bool DelayFromRetryAfter;
        public string? Reason;

        public readonly TriggerAttempt ToAttempt() => new()
        {
            Number = Number,
            HttpStatus = HttpStatus,
            Failure = Failure,
            Duration = Duration,
            Retried = Retried,
            Delay = Delay,
            DelayFromRetryAfter = DelayFromRetryAfter,
            Reason = Reason,
        };
    }
}
