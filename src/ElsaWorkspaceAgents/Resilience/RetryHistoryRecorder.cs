using System.Globalization;
using Elsa.Extensions;
using Elsa.Resilience;
using Elsa.Resilience.Entities;
using Elsa.Resilience.Extensions;
using Elsa.Resilience.Models;
using Elsa.Workflows;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Resilience;

/// <summary>
/// Hands the attempts our retry rules already decided to Elsa.Resilience's recorder, so Studio's retries view and the
/// "has retries" badge show them as they do for Elsa's own HTTP request. Elsa's resilience strategies are not applied:
/// our rules differ (no retry of 409, Retry-After honoured, nothing re-sent on platforms without idempotency), so only
/// the record is shared. Hosts without Elsa.Resilience (it comes with Elsa.Http) record nothing.
/// </summary>
internal static class RetryHistoryRecorder
{
    public static async ValueTask RecordAsync(ActivityExecutionContext context, IReadOnlyList<TriggerAttempt> attempts)
    {
        var retried = attempts.Where(a => a.Retried).ToArray();
        if (retried.Length == 0 || context.GetService<IRetryAttemptRecorder>() is not { } recorder)
        {
            return;
        }

        var identity = context.GetRequiredService<IIdentityGenerator>();
        var records = retried.Select(attempt => new RetryAttemptRecord
        {
            Id = identity.GenerateId(),
            ActivityInstanceId = context.Id,
            ActivityId = context.Activity.Id,
            WorkflowInstanceId = context.WorkflowExecutionContext.Id,
            AttemptNumber = attempt.Number,
            RetryDelay = attempt.Delay ?? TimeSpan.Zero,
            Details = Details(attempt),
        }).ToList();

        await recorder.RecordAsync(new RecordRetryAttemptsContext(context, records, context.CancellationToken));
        context.SetRetriesAttemptedFlag();
    }

    private static Dictionary<string, string> Details(TriggerAttempt attempt)
    {
        var details = new Dictionary<string, string>
        {
            [attempt.HttpStatus is null ? "Failure" : "Status"] = attempt.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? attempt.Failure ?? "no answer",
            ["Duration"] = $"{attempt.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
            ["Delay from"] = attempt.DelayFromRetryAfter ? "Retry-After" : "backoff",
        };
        if (attempt.Reason is { } reason)
        {
            details["Reason"] = reason;
        }

        return details;
    }
}
