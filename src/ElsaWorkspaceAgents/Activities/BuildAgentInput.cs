using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.UIHints;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>
/// Maps a source event (a ticket created, a schedule firing, a message received) into the plain-text input an agent
/// receives: the request ID and destination on lines of their own, the payload as sorted JSON. The same event always
/// gives the same text. Behaviour lives in <see cref="AgentInputBuilder"/>.
/// </summary>
[Activity(WorkspaceAgentsActivityMetadata.Namespace, WorkspaceAgentsActivityMetadata.Category,
    "Turns a source event into the agent's input text. Wire its Input Text output into Trigger Workspace Agent or Trigger Agent; wire Invalid Input to an error response.",
    DisplayName = "Build Agent Input")]
public class BuildAgentInput : SourceEventActivityBase
{
    /// <inheritdoc />
    public BuildAgentInput([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
    {
    }

    /// <summary>The request ID the agent echoes.</summary>
    [Input(DisplayName = "Request ID", Description = "The ID the agent must include in its write so you can find it in the destination, e.g. DEMO-20260618010101. Leave empty and the input tells the agent to ask for one instead of writing.", Order = 4)]
    public Input<string?> RequestId { get; set; } = new((string?)null);

    /// <summary>The destination label.</summary>
    [Input(Description = "The destination the agent should write to (a channel, document or ticket name). Empty: the connection's output destination, if any.", Order = 5)]
    public Input<string?> Destination { get; set; } = new((string?)null);

    /// <summary>The entity the event is about.</summary>
    [Input(DisplayName = "Entity ID", Description = "The ticket, deal or record the event is about (optional).", Order = 6)]
    public Input<string?> EntityId { get; set; } = new((string?)null);

    /// <summary>The update text.</summary>
    [Input(Description = "A short instruction or update text for the agent (optional).", UIHint = InputUIHints.MultiLine, Order = 7)]
    public Input<string?> Summary { get; set; } = new((string?)null);

    /// <summary>The event payload.</summary>
    [Input(Description = "The event's data: an object (e.g. the HTTP request body) or JSON text. Rendered with sorted keys (optional).", UIHint = InputUIHints.JsonEditor, Order = 8)]
    public Input<object?> Payload { get; set; } = new((object?)null);

    /// <summary>The connection whose size limit and destination apply.</summary>
    [Input(Description = "The connection the input will be sent through: its size limit and output destination apply. Takes precedence over Platform.",
        UIHint = InputUIHints.DropDown, UIHandler = typeof(AgentConnectionOptionsProvider), Order = 9)]
    public Input<string?> Connection { get; set; } = new((string?)null);

    /// <summary>The platform whose size limit applies when no connection is chosen.</summary>
    [Input(Description = "When no connection is chosen: the platform whose input size limit applies (GPT Workbench: 50,000 characters).",
        UIHint = InputUIHints.DropDown, Options = new[] { "", nameof(AgentPlatform.WorkspaceAgents), nameof(AgentPlatform.GptWorkbench), nameof(AgentPlatform.DocsGpt), nameof(AgentPlatform.Writer) },
        Order = 10)]
    public Input<string?> Platform { get; set; } = new((string?)null);

    /// <summary>The input text.</summary>
    [Output(DisplayName = "Input Text", Description = "The agent input text.")]
    public Output<string>? InputText { get; set; }

    /// <inheritdoc />
    protected override void SetResult(ActivityExecutionContext context, string value) => context.Set(InputText, value);

    /// <inheritdoc />
    protected override string Compute(ActivityExecutionContext context)
    {
        var sourceEvent = new SourceEvent
        {
            SourceSystem = SourceSystem.GetOrDefault(context) ?? string.Empty,
            EventType = EventType.GetOrDefault(context) ?? string.Empty,
            EventId = EventId.GetOrDefault(context) ?? string.Empty,
            RequestId = RequestId.GetOrDefault(context),
            Destination = Destination.GetOrDefault(context),
            EntityId = EntityId.GetOrDefault(context),
            Summary = Summary.GetOrDefault(context),
            Payload = SourceEventPayload.From(Payload.GetOrDefault(context)),
        };

        var connectionName = Connection.GetOrDefault(context);
        if (!string.IsNullOrWhiteSpace(connectionName))
        {
            var connection = context.GetRequiredService<IAgentConnectionRegistry>().Describe(connectionName);
            return AgentInputBuilder.Build(sourceEvent, connection).Text;
        }

        var platform = Platform.GetOrDefault(context);
        var limit = Enum.TryParse<AgentPlatform>(platform, ignoreCase: true, out var parsed)
            ? PlatformInputLimits.For(parsed)
            : PlatformInputLimits.UndocumentedDefault;
        return AgentInputBuilder.Build(sourceEvent, limit).Text;
    }
}
