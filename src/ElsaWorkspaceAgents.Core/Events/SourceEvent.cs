using System.Text.Json;

namespace ElsaWorkspaceAgents.Core.Events;

/// <summary>
/// One event from a business system (a ticket created, a deal closed, a scheduled job firing)
/// that should start an agent run. Its identity (<see cref="SourceSystem"/>, <see cref="EventType"/>,
/// <see cref="EventId"/>) is what idempotency keys derive from, so the same event always maps to the same key.
/// </summary>
public sealed record SourceEvent
{
    /// <summary>The system the event comes from, e.g. <c>helpdesk</c> or <c>hubspot</c>.</summary>
    public required string SourceSystem { get; init; }

    /// <summary>What happened, e.g. <c>ticket.created</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>The source system's own identifier for this event (stable across redeliveries).</summary>
    public required string EventId { get; init; }

    /// <summary>
    /// The request ID the agent must echo in its write so the write can be verified, e.g. <c>DEMO-20260618010101</c>.
    /// When absent, the input says so plainly and a well-instructed agent asks for one instead of writing.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>The destination label the agent should write to (the seed's WORKSPACE_AGENT_OUTPUT_DESTINATION).</summary>
    public string? Destination { get; init; }

    /// <summary>The entity a series of events belongs to (a ticket, a deal), for conversation continuity.</summary>
    public string? EntityId { get; init; }

    /// <summary>When the event happened at the source, if known.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>A short human-readable summary or instruction for the agent (the "update text").</summary>
    public string? Summary { get; init; }

    /// <summary>The event's JSON payload; rendered deterministically (sorted keys) into the input text.</summary>
    public JsonElement? Payload { get; init; }
}
