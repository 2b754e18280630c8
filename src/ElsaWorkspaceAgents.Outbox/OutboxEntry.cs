using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// One stored trigger as the outbox sees it. Holds the connection <em>name</em>, never a credential, so it is safe to
/// show, log and export.
/// </summary>
public sealed record OutboxEntry
{
    /// <summary>The row's ID.</summary>
    public required long Id { get; init; }

    /// <summary>The named connection the trigger goes through (its credentials stay in configuration).</summary>
    public required string ConnectionName { get; init; }

    /// <summary>The Idempotency-Key sent on every attempt and every replay.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The agent input text.</summary>
    public required string Input { get; init; }

    /// <summary>The conversation key, if any.</summary>
    public string? ConversationKey { get; init; }

    /// <summary>The source request ID, if any.</summary>
    public string? SourceRequestId { get; init; }

    /// <summary>Where the row is in its life.</summary>
    public required OutboxEntryState State { get; init; }

    /// <summary>Dispatch attempts so far (each a full trigger call with its own HTTP retries).</summary>
    public int DispatchAttempts { get; init; }

    /// <summary>HTTP attempts so far, over all dispatch attempts.</summary>
    public int HttpAttempts { get; init; }

    /// <summary>When the row was enqueued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a pending row is next due.</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>The dispatcher holding the row right now, if its lease has not expired.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When the current lease expires.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>How the last dispatch attempt ended.</summary>
    public TriggerOutcomeKind? LastOutcome { get; init; }

    /// <summary>The last HTTP status, when a response arrived.</summary>
    public int? LastHttpStatus { get; init; }

    /// <summary>Why the last attempt did not succeed (already free of secrets).</summary>
    public string? LastError { get; init; }

    /// <summary>When the row reached a terminal state.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
