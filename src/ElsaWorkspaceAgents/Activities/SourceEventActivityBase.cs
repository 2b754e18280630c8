using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>A value computed from a source event's identity (system, type, ID): the agent input and the idempotency key.</summary>
public abstract class SourceEventActivityBase : ValueActivityBase
{
    /// <inheritdoc />
    protected SourceEventActivityBase(string? source = null, int? line = null) : base(source, line)
    {
    }

    /// <summary>The system the event comes from.</summary>
    [Input(DisplayName = "Source System", Description = "The system the event comes from, e.g. helpdesk or crm. Part of the event's identity.", Order = 1)]
    public Input<string> SourceSystem { get; set; } = new(string.Empty);

    /// <summary>What happened.</summary>
    [Input(DisplayName = "Event Type", Description = "What happened, e.g. ticket.created.", Order = 2)]
    public Input<string> EventType { get; set; } = new(string.Empty);

    /// <summary>The source's ID for the event.</summary>
    [Input(DisplayName = "Event ID", Description = "The source system's own ID for this event, stable when the event is delivered again. Use the event's ID, not the workflow's: that is what makes retries safe.", Order = 3)]
    public Input<string> EventId { get; set; } = new(string.Empty);
}
