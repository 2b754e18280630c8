using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ElsaWorkspaceAgents.Core.Audit;

/// <summary>
/// Traces and metrics for trigger calls, both named <see cref="Name"/>: one activity per call (HttpClient's own spans
/// nest under it), a counter of outcomes and a histogram of call durations by platform and outcome. Tags carry the
/// platform, the connection's non-secret target, the request ID, the idempotency key, the outcome, the HTTP status,
/// the attempt count and the run ID, never a token: the target is the same text the audit log writes.
/// </summary>
/// <remarks>
/// Nothing is built unless a listener subscribes (<see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns
/// null, the instruments report not enabled), so the call path pays a check, not the tags.
/// </remarks>
public static class TriggerTelemetry
{
    /// <summary>The ActivitySource and Meter name to subscribe to (e.g. OpenTelemetry's AddSource / AddMeter).</summary>
    public const string Name = "ElsaWorkspaceAgents";

    /// <summary>The activity name of one trigger call.</summary>
    public const string TriggerActivityName = "agent.trigger";

    internal static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("agent.trigger.outcomes",
        description: "Trigger calls by platform and outcome (Accepted, Unconfirmed, Failed, RateLimited, InvalidInput, …).");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("agent.trigger.duration", unit: "s",
        description: "Time from the first attempt to the outcome, retries and waits included, by platform and outcome.");

    /// <summary>Starts the call's activity, or returns null when nobody listens.</summary>
    internal static Activity? Start(AgentPlatform platform, string target, string? sourceRequestId, string? idempotencyKey)
    {
        var activity = ActivitySource.StartActivity(TriggerActivityName, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("agent.platform", platform.ToString());
            activity.SetTag("agent.target", target);
            activity.SetTag("agent.request_id", sourceRequestId);
            activity.SetTag("agent.idempotency_key", idempotencyKey);
        }

        return activity;
    }

    /// <summary>Records the outcome on the activity (Error unless accepted) and in the metrics.</summary>
    internal static void Finish(Activity? activity, AgentPlatform platform, TriggerOutcome outcome)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("agent.outcome", outcome.Kind.ToString());
            activity.SetTag("http.response.status_code", outcome.HttpStatus);
            activity.SetTag("agent.attempts", outcome.Attempts);
            activity.SetTag("agent.run_id", outcome.RunId);
            activity.SetStatus(outcome.IsAccepted ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome.IsAccepted ? null : outcome.Kind.ToString());
        }

        if (Outcomes.Enabled || Duration.Enabled)
        {
            var tags = new TagList { { "agent.platform", platform.ToString() }, { "agent.outcome", outcome.Kind.ToString() } };
            Outcomes.Add(1, tags);
            Duration.Record(outcome.Elapsed.TotalSeconds, tags);
        }
    }
}
