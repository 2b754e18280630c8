using System.ComponentModel;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Events;

namespace ElsaWorkspaceAgents.Core.Messages;

/// <summary>
/// A queue message asking for an agent run: what producers publish to a broker (RabbitMQ, Azure Service Bus) for the
/// outbox's queue consumer or an Elsa workflow's message trigger to pick up. JSON (camelCase):
/// <code>{"messageId":"msg-77","sourceSystem":"crm","eventType":"deal.closed","entityId":"deal:77","requestId":"DEMO-20260618020202","summary":"Deal 77 closed","data":{"amount":12000}}</code>
/// </summary>
/// <remarks>
/// The type lives in Core so that both sides use one contract without depending on each other: the message name brokers
/// route by (<c>ElsaWorkspaceAgents.Core.Messages:AgentRequest</c> in MassTransit) is the same for every consumer.
/// Properties are optional in the type so a message missing one is refused by <see cref="ToSourceEvent"/> with a reason
/// that names it, instead of failing inside a serializer. The System.ComponentModel attributes are what Elsa's MassTransit
/// integration shows in the designer (an "Agent Request" trigger in its MassTransit category, beside Elsa's other message
/// triggers); Core stays free of Elsa.
/// </remarks>
[DisplayName("Agent Request")]
[Description("A queue message asking for an agent run: message ID, source system, event type, entity, request ID, summary and data.")]
public sealed record AgentRequest
{
    /// <summary>Longest message ID accepted: it is logged and hashed into the key, and no producer needs more.</summary>
    public const int MaxMessageIdLength = 255;

    /// <summary>
    /// The producer's identifier for this message, stable across redeliveries and re-publishes: the idempotency key derives
    /// from it (with the source system and event type), so the same message starts one agent run however often it arrives.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>The system the event comes from, e.g. <c>crm</c>.</summary>
    public string? SourceSystem { get; init; }

    /// <summary>What happened, e.g. <c>deal.closed</c>.</summary>
    public string? EventType { get; init; }

    /// <summary>The entity the event belongs to (<c>deal:77</c>), for conversation continuity.</summary>
    public string? EntityId { get; init; }

    /// <summary>The request ID the agent echoes in its write, so the write can be verified.</summary>
    public string? RequestId { get; init; }

    /// <summary>A short instruction or summary for the agent.</summary>
    public string? Summary { get; init; }

    /// <summary>The event's JSON payload, rendered (sorted keys) into the agent's input.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>The source event this message describes: <see cref="MessageId"/> is its event ID.</summary>
    /// <exception cref="AgentInputException">The message lacks its message ID, source system or event type, or its message ID is malformed.</exception>
    public SourceEvent ToSourceEvent() => new()
    {
        EventId = RequireMessageId(MessageId),
        SourceSystem = Require(SourceSystem, "sourceSystem"),
        EventType = Require(EventType, "eventType"),
        EntityId = EntityId,
        RequestId = RequestId,
        Summary = Summary,
        Payload = Data is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } data ? data : null,
    };

    private static string RequireMessageId(string? value)
    {
        var id = Require(value, "messageId");
        return id.Length <= MaxMessageIdLength && !id.Any(char.IsControl)
            ? id
            : throw new AgentInputException(
                $"The agent request's 'messageId' must be at most {MaxMessageIdLength} characters without control characters; it is {id.Length}.", "messageId");
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new AgentInputException($"The agent request has no '{name}'; every message needs messageId, sourceSystem and eventType.", name)
            : value;
}
