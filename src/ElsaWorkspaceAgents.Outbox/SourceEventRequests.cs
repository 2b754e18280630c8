using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// Maps a source event to the trigger request the outbox stores, the same way the CLI does: input from
/// <see cref="AgentInputBuilder"/>, key from the event's identity, conversation key from its entity.
/// </summary>
public static class SourceEventRequests
{
    /// <summary>Builds the request for <paramref name="sourceEvent"/> sent through <paramref name="connection"/> (when known).</summary>
    /// <exception cref="AgentInputException">The event cannot be sent as it stands.</exception>
    public static AgentTriggerRequest Create(SourceEvent sourceEvent, AgentConnection? connection)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        var withDestination = sourceEvent.Destination is null && connection?.OutputDestination is { } destination
            ? sourceEvent with { Destination = destination }
            : sourceEvent;
        var limit = connection is null ? PlatformInputLimits.UndocumentedDefault : connection.MaxInputLength ?? PlatformInputLimits.For(connection.Platform);
        AgentInput input;
        try
        {
            input = AgentInputBuilder.Build(withDestination, limit);
        }
        catch (InvalidOperationException exception)
        {
            // System.Text.Json refuses to re-write a payload string holding an escaped lone surrogate ("\ud800");
            // the builder lets that escape, so it is turned into the same clear refusal as any other invalid text.
            throw new AgentInputException($"The source event's payload contains invalid Unicode (an unpaired surrogate): {exception.Message}", nameof(sourceEvent));
        }

        return new AgentTriggerRequest
        {
            Input = input.Text,
            IdempotencyKey = IdempotencyKey.For(sourceEvent),
            ConversationKey = string.IsNullOrWhiteSpace(sourceEvent.EntityId) ? null : ConversationKeyFor(sourceEvent.SourceSystem, sourceEvent.EntityId),
            SourceRequestId = OneLine(sourceEvent.RequestId),
            StructuredInput = connection?.Platform is AgentPlatform.Writer or AgentPlatform.DocsGpt ? sourceEvent.Payload : null,
            Source = OneLine(sourceEvent.SourceSystem),
        };
    }

    /// <summary><c>type:id</c> entities keep their type; a bare ID is typed <c>entity</c> (as the CLI does).</summary>
    private static string ConversationKeyFor(string sourceSystem, string entity)
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
        return OutboxRequestRules.HasControlCharacters(trimmed)
            ? new string(trimmed.Select(c => char.IsControl(c) ? ' ' : c).ToArray())
            : trimmed;
    }
}
