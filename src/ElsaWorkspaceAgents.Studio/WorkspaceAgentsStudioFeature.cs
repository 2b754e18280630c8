using Elsa.Studio.Abstractions;

namespace ElsaWorkspaceAgents.Studio;

/// <summary>The Workspace Agents module as an Elsa Studio feature (Studio initialises every registered feature at start-up).</summary>
public class WorkspaceAgentsStudioFeature : FeatureBase;
