using ElsaWorkspaceAgents.Core.Runs;

namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>
/// A completion callback whose signature, freshness and delivery ID were verified: the run it reports and how it ended.
/// Holds no secret and no signature, so it is safe to log or store.
/// </summary>
public sealed record AgentCallback
{
    /// <summary>The connection whose secret verified it (from the callback URL).</summary>
    public required string ConnectionName { get; init; }

    /// <summary>The connection's platform.</summary>
    public required AgentPlatform Platform { get; init; }

    /// <summary>The sender's delivery ID (the same on every retry), or a digest of the body when the sender sends none.</summary>
    public required string DeliveryId { get; init; }

    /// <summary>The run, job or task the result belongs to (GPT Workbench <c>jobId</c>).</summary>
    public required string RunId { get; init; }

    /// <summary>The sender's event name, e.g. <c>execution.completed</c>.</summary>
    public string? Event { get; init; }

    /// <summary>The run as the callback reports it, with <see cref="RunSnapshot.Answer"/> and <see cref="RunSnapshot.ResultJson"/>.</summary>
    public required RunSnapshot Snapshot { get; init; }

    /// <summary>When the sender says it sent the delivery.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}
