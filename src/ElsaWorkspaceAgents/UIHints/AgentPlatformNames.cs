using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.UIHints;

/// <summary>The platforms' names as their documentation writes them, for labels a designer user reads.</summary>
public static class AgentPlatformNames
{
    /// <summary>The product name of <paramref name="platform"/>, e.g. <c>Workspace Agents</c> or <c>DocsGPT</c>.</summary>
    public static string DisplayName(AgentPlatform platform) => platform switch
    {
        AgentPlatform.WorkspaceAgents => "Workspace Agents",
        AgentPlatform.GptWorkbench => "GPT Workbench",
        AgentPlatform.DocsGpt => "DocsGPT",
        AgentPlatform.Writer => "Writer",
        _ => platform.ToString(),
    };
}
