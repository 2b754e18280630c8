using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>
/// Maps a source event to the trigger request for it, the one way every host does it (the CLI, the outbox, a backend
/// worker): input from <see cref="AgentInputBuilder"/>, idempotency key from the event's identity, conversation key
/// from the entity it belongs to, and the payload as structured input for the platforms that take JSON.
/// </summary>
public static class SourceEventRequests
{
    /// <summary>Builds the request for <paramref name="sourceEvent"/> sent through <paramref name="connection"/> (when known).</summary>
    /// <exception cref="AgentInputException">The event cannot be sent as it stands.</exception>
    public static AgentTriggerRequest Create(SourceEvent sourceEvent, AgentConnection? connection)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        var input = connection is null ? AgentInputBuilder.Build(sourceEvent) : AgentInputBuilder.Build(sourceEvent, connection);
        return Create(sourceEvent, input, connection?.Platform);
    }

    /// <summary>
    /// <see cref="Create(SourceEvent, AgentConnection?)"/> from a connection's non-secret description (see
    /// <see cref="IAgentConnectionRegistry"/>): the same request, for code that has no business holding the credential.
    /// </summary>
    /// <exception cref="AgentInputException">The event cannot be sent as it stands.</exception>
    public static AgentTriggerRequest Create(SourceEvent sourceEvent, AgentConnectionDescriptor? connection)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        var input = connection is null ? AgentInputBuilder.Build(sourceEvent) : AgentInputBuilder.Build(sourceEvent, connection);
        return Create(sourceEvent, input, connection?.Platform);
    }

    private static AgentTriggerRequest Create(SourceEvent sourceEvent, AgentInput input, AgentPlatform? platform) => new()
    {
        Input = input.Text,
        IdempotencyKey = IdempotencyKey.For(sourceEvent),
        ConversationKey = string.IsNullOrWhiteSpace(sourceEvent.EntityId) ? null : ConversationKeyForEntity(sourceEvent.SourceSystem, sourceEvent.EntityId),
        SourceRequestId = OneLine(sourceEvent.RequestId),
        StructuredInput = platform is AgentPlatform.Writer or AgentPlatform.DocsGpt ? sourceEvent.Payload : null,
        Source = OneLine(sourceEvent.SourceSystem),
    };

    /// <summary>
    /// The conversation key for an entity written <c>type:id</c> (e.g. <c>ticket:T-42</c>); a bare ID is typed <c>entity</c>.
    /// </summary>
    public static string ConversationKeyForEntity(string sourceSystem, string entity)
    {
        var separator = entity.IndexOf(':');
        return separator > 0 && separator < entity.Length - 1
            ? ConversationKey.Derive(sourceSystem, entity[..separator], entity[(separator + 1)..])
            : ConversationKey.Derive(sourceSystem, "entity", entity);
    }

    /// <summary>The request ID travels to logs: control characters become spaces, as they do in the input text.</summary>
    private static string? OneLine(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Any(char.IsControl) ? new string(trimmed.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) : trimmed;
    }
}
