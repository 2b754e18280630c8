using System.Globalization;
using System.Net;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>The words <see cref="AttemptHistory"/> records for each retry decision.</summary>
internal static class RetryReasons
{
    public const string BudgetRanOut = "The total time budget ran out: not retried again.";

    public const string TransientFailure = "No answer (transient): retried with the same request and key.";

    public const string NotRetriedFailure = "No answer, and the failure is not one that is retried.";

    public const string MayHaveStarted =
        "No answer after the request was sent, and this platform has no idempotency key: not re-sent, since that could start a second run.";

    /// <summary>The words for a final answer; kept per status, since every accepted call records one.</summary>
    public static string Final(HttpStatusCode status)
    {
        var code = (int)status;
        if (code is < 100 or > 599)
        {
            return FinalText(code);
        }

        // A benign race: two threads may both build the same text, and either may stay.
        return FinalTexts[code - 100] ??= FinalText(code);
    }

    private static readonly string?[] FinalTexts = new string?[500];

    private static string FinalText(int code) => code is >= 200 and < 300
        ? $"Answered {code}: done."
        : $"Answered {code}: not transient, so not retried (retrying cannot change the answer).";

    public static string TransientStatus(HttpStatusCode status) => $"Answered {(int)status} (transient): retried with the same request and key.";

    public static string StatusMayHaveStarted(HttpStatusCode status) =>
        $"Answered {(int)status}, which may have started a run, and this platform has no idempotency key: not re-sent.";

    public static string RetryAfterTooLong(HttpStatusCode status, TimeSpan retryAfter) =>
        $"Answered {(int)status} with Retry-After {Seconds(retryAfter)}, longer than the allowed delay or the remaining budget: not retried.";

    public static string AttemptsUsedUp(string reason, int maxAttempts) =>
        $"{reason.TrimEnd('.').Split(':')[0]}, but all {maxAttempts.ToString(CultureInfo.InvariantCulture)} attempts are used: not retried.";

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
