using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary>The platform names the CLI accepts, in the kebab case people type.</summary>
public static class PlatformNames
{
    public static readonly IReadOnlyDictionary<string, AgentPlatform> All = new Dictionary<string, AgentPlatform>(StringComparer.OrdinalIgnoreCase)
    {
        ["workspace-agents"] = AgentPlatform.WorkspaceAgents,
        ["gpt-workbench"] = AgentPlatform.GptWorkbench,
        ["docsgpt"] = AgentPlatform.DocsGpt,
        ["writer"] = AgentPlatform.Writer,
    };

    public static string NameOf(AgentPlatform platform) => All.First(p => p.Value == platform).Key;

    /// <summary>The environment variable each platform's credential is read from by default.</summary>
    public static string TokenVariable(AgentPlatform platform) => platform switch
    {
        AgentPlatform.WorkspaceAgents => Core.Connections.ConnectionEnvironment.AccessToken,
        AgentPlatform.Writer => Core.Connections.ConnectionEnvironment.WriterApiKey,
        AgentPlatform.GptWorkbench => "GPT_WORKBENCH_API_TOKEN",
        _ => "DOCSGPT_WEBHOOK_TOKEN",
    };
}
