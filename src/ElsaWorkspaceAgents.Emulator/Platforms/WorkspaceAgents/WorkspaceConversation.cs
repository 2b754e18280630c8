namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>A conversation: all runs of one agent sharing a <c>conversation_key</c> (or a single keyless run).</summary>
public sealed record WorkspaceConversation
{
    /// <summary>Conversation id (<c>conv_...</c>).</summary>
    public required string ConversationId { get; init; }

    /// <summary>Agent id.</summary>
    public required string AgentId { get; init; }

    /// <summary>The caller's key; null for a keyless run's one-off conversation.</summary>
    public string? ConversationKey { get; init; }

    /// <summary>When the first run arrived.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Runs in arrival order.</summary>
    public required IReadOnlyList<string> RunIds { get; init; }

    /// <summary>User inputs and agent replies in order.</summary>
    public required IReadOnlyList<ConversationMessage> Messages { get; init; }
}

/// <summary>One turn of a conversation.</summary>
/// <param name="Role"><c>user</c> (the trigger input) or <c>assistant</c> (what the agent did or said).</param>
/// <param name="Text">Message text.</param>
/// <param name="RunId">Run it belongs to.</param>
/// <param name="Timestamp">When it was added.</param>
public sealed record ConversationMessage(string Role, string Text, string RunId, DateTimeOffset Timestamp);
