using System.Text.Json;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>One trigger call, independent of the platform it goes to.</summary>
public sealed record AgentTriggerRequest
{
    /// <summary>The message text for the agent (Workspace Agents <c>input</c>, GPT Workbench <c>prompt</c>).</summary>
    public required string Input { get; init; }

    /// <summary>
    /// The stable key for this source event. Sent as <c>Idempotency-Key</c> where the platform supports it and
    /// reused unchanged on every retry.
    /// </summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Continues one agent conversation across related events (Workspace Agents <c>conversation_key</c>).</summary>
    public string? ConversationKey { get; init; }

    /// <summary>The source request ID, for the audit log and for verifying the agent's write.</summary>
    public string? SourceRequestId { get; init; }

    /// <summary>
    /// Structured input for platforms that take JSON (DocsGPT payload, Writer <c>inputs</c>). When absent,
    /// those platforms receive the text: DocsGPT as <c>{"question": text}</c>, Writer as <c>{"inputs": text}</c>.
    /// </summary>
    public JsonElement? StructuredInput { get; init; }

    /// <summary>Identifies the calling system (GPT Workbench <c>source</c>, at most 100 characters).</summary>
    public string? Source { get; init; }
}
