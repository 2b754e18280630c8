using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using ElsaWorkspaceAgents.Core.Keys;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>
/// Derives a stable <c>conversation_key</c> from the entity a series of events belongs to, so every event about the
/// same ticket or deal continues one agent conversation. Behaviour lives in <see cref="Core.Keys.ConversationKey"/>.
/// </summary>
[Activity(WorkspaceAgentsActivityMetadata.Namespace, WorkspaceAgentsActivityMetadata.Category,
    "Derives a stable conversation key from the entity (system, entity type, entity ID), so related events continue one agent conversation. Wire its Key output into the trigger's Conversation Key.",
    DisplayName = "Derive Conversation Key")]
public class DeriveConversationKey : ValueActivityBase
{
    /// <inheritdoc />
    public DeriveConversationKey([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
    {
    }

    /// <summary>The system that owns the entity.</summary>
    [Input(DisplayName = "Source System", Description = "The system that owns the entity, e.g. helpdesk.", Order = 1)]
    public Input<string> SourceSystem { get; set; } = new(string.Empty);

    /// <summary>The kind of entity.</summary>
    [Input(DisplayName = "Entity Type", Description = "The kind of entity, e.g. ticket or deal.", Order = 2)]
    public Input<string> EntityType { get; set; } = new(string.Empty);

    /// <summary>The entity's ID.</summary>
    [Input(DisplayName = "Entity ID", Description = "The entity's ID in that system, e.g. the ticket number.", Order = 3)]
    public Input<string> EntityId { get; set; } = new(string.Empty);

    /// <summary>The derived key.</summary>
    [Output(Description = "The conversation key (cv1_ followed by 64 hex characters).")]
    public Output<string>? Key { get; set; }

    /// <inheritdoc />
    protected override void SetResult(ActivityExecutionContext context, string value) => context.Set(Key, value);

    /// <inheritdoc />
    protected override string Compute(ActivityExecutionContext context) => ConversationKey.Derive(
        SourceSystem.GetOrDefault(context) ?? string.Empty,
        EntityType.GetOrDefault(context) ?? string.Empty,
        EntityId.GetOrDefault(context) ?? string.Empty);
}
