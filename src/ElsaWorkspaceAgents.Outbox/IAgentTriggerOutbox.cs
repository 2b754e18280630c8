using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// Durable trigger dispatch for a backend worker or scheduled job: an enqueue stores the trigger before any call is
/// made, and the background dispatcher sends it until the platform accepts it or it fails for good.
/// </summary>
/// <remarks>
/// Invalid events are refused here with <see cref="AgentInputException"/> and nothing is stored: the caller
/// is the one who can fix them. Problems with the named connection (missing or malformed token, wrong trigger ID,
/// hostile base URL, unknown name) are configuration that may be fixed later, so those rows are stored and end as
/// terminal failures with the reason, ready for <see cref="ReplayAsync"/>.
/// </remarks>
public interface IAgentTriggerOutbox
{
    /// <summary>
    /// Stores the trigger for a source event: input built with <see cref="Core.Input.AgentInputBuilder"/>, idempotency key
    /// derived from the event's identity. Enqueuing the same event again returns the row already stored.
    /// </summary>
    /// <exception cref="AgentInputException">The event cannot be sent as it stands; nothing was stored.</exception>
    Task<OutboxEnqueueResult> EnqueueAsync(SourceEvent sourceEvent, string? connectionName = null, CancellationToken cancellationToken = default);

    /// <summary>Stores a prepared trigger request. A request with the same connection and idempotency key as a stored one returns that row.</summary>
    /// <exception cref="AgentInputException">The request cannot be sent as it stands; nothing was stored.</exception>
    Task<OutboxEnqueueResult> EnqueueAsync(AgentTriggerRequest request, string? connectionName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores many events in one transaction (much faster than one by one). Every event is validated first: one invalid
    /// event refuses the whole batch and nothing is stored. Results are in input order.
    /// </summary>
    /// <exception cref="AgentInputException">An event cannot be sent as it stands; nothing was stored.</exception>
    Task<IReadOnlyList<OutboxEnqueueResult>> EnqueueManyAsync(IEnumerable<SourceEvent> sourceEvents, string? connectionName = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a terminal failure again, deliberately: the row goes back to pending with the <em>same</em> idempotency key and
    /// a fresh attempt budget. Returns false when the row does not exist or is not a terminal failure.
    /// </summary>
    Task<bool> ReplayAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends an <see cref="OutboxEntryState.Unconfirmed"/> row again, deliberately, after you checked the platform (GPT
    /// Workbench: the trigger's execution logs; Writer: what the blueprint writes) and found no run. The platform cannot
    /// deduplicate, so if the first request did arrive <strong>this starts a second run</strong>: pass
    /// <paramref name="acceptSecondRunRisk"/> = true to say you accept that. Returns false when the row does not exist or is
    /// not unconfirmed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="acceptSecondRunRisk"/> is false; nothing changed.</exception>
    Task<bool> ReplayUnconfirmedAsync(long id, bool acceptSecondRunRisk, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes accepted rows completed before <paramref name="completedBefore"/>. A deleted event enqueued again is sent
    /// again, so keep rows at least as long as the platform remembers idempotency keys (24 h is common).
    /// </summary>
    /// <returns>How many rows were deleted.</returns>
    Task<int> DeleteAcceptedAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default);
}
