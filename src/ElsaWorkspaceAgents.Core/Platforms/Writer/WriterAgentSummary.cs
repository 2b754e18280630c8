namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>A deployed Agent Builder agent and its API-triggered blueprints.</summary>
/// <param name="Id">The agent ID (<c>AgentId</c> on a connection).</param>
/// <param name="Name">The agent's name.</param>
/// <param name="Description">The agent's description, if it has one.</param>
/// <param name="Blueprints">Blueprints that start with an API Trigger block.</param>
public sealed record WriterAgentSummary(string Id, string Name, string? Description, IReadOnlyList<WriterBlueprintSummary> Blueprints);
