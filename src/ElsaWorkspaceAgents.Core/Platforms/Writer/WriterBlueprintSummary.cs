namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>An API-triggered blueprint of an Agent Builder agent.</summary>
/// <param name="Id">The blueprint ID (<c>BlueprintId</c> on a connection).</param>
/// <param name="Name">The blueprint's name.</param>
public sealed record WriterBlueprintSummary(string Id, string Name);
