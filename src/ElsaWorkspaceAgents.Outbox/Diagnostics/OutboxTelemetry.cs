using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ElsaWorkspaceAgents.Outbox.Diagnostics;

/// <summary>
/// Traces and metrics for the outbox, both named <see cref="Name"/>: an activity per dispatch and counters for what
/// was enqueued, accepted, rescheduled, failed and left unconfirmed. Tags carry connection names and outcome kinds, never secrets.
/// </summary>
public static class OutboxTelemetry
{
    /// <summary>The ActivitySource and Meter name to subscribe to.</summary>
    public const string Name = "ElsaWorkspaceAgents.Outbox";

    internal static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Enqueued = Meter.CreateCounter<long>("outbox.enqueued", description: "Events stored for dispatch.");

    internal static readonly Counter<long> Deduplicated = Meter.CreateCounter<long>("outbox.deduplicated", description: "Enqueues of an event already stored.");

    internal static readonly Counter<long> Accepted = Meter.CreateCounter<long>("outbox.accepted", description: "Rows the platform accepted.");

    internal static readonly Counter<long> Rescheduled = Meter.CreateCounter<long>("outbox.rescheduled", description: "Dispatch attempts that ended in a rate limit or transient failure and will be retried.");

    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>("outbox.failed", description: "Rows that reached a terminal failure.");

    internal static readonly Counter<long> Unconfirmed = Meter.CreateCounter<long>("outbox.unconfirmed",
        description: "Rows that may have started a run on a platform without idempotency and are not sent again automatically.");
}
