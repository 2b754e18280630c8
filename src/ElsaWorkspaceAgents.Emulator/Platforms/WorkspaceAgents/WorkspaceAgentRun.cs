namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>One accepted trigger event and what the agent did with it.</summary>
public sealed record WorkspaceAgentRun
{
    /// <summary>Emulator run id (<c>apirun_...</c>); never returned by the trigger endpoint, which has no body.</summary>
    public required string RunId { get; init; }

    /// <summary>The <c>agtch_</c> id that was called.</summary>
    public required string ChannelId { get; init; }

    /// <summary>Agent id.</summary>
    public required string AgentId { get; init; }

    /// <summary>Agent name.</summary>
    public required string AgentName { get; init; }

    /// <summary>Owner of the access token that triggered the run.</summary>
    public required string UserId { get; init; }

    /// <summary>The <c>input</c> text.</summary>
    public required string Input { get; init; }

    /// <summary>The caller's <c>conversation_key</c>, if any.</summary>
    public string? ConversationKey { get; init; }

    /// <summary>Conversation the run belongs to.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The <c>Idempotency-Key</c> header, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Where the run is.</summary>
    public WorkspaceAgentRunStatus Status { get; init; }

    /// <summary>Request ID found in the input.</summary>
    public string? RequestId { get; init; }

    /// <summary>Destination written (or to be written) to.</summary>
    public string? Destination { get; init; }

    /// <summary>The write this run produced.</summary>
    public string? WriteId { get; init; }

    /// <summary>What the agent said, e.g. "Asked for a request ID; no update written".</summary>
    public string? Message { get; init; }

    /// <summary>Retries with the same Idempotency-Key that were answered with this run's original outcome.</summary>
    public int DuplicateHits { get; init; }

    /// <summary>When the 202 was decided.</summary>
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>When the worker picked the run up.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the run reached a final or waiting state.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
