using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.SampleHost;

/// <summary>
/// The connections the workflows in <c>workflows/</c> use, pointed at an emulator running the demo fixture. The tokens
/// are the emulator's demo values, not real credentials.
/// </summary>
public static class EmulatorConnections
{
    /// <summary>Workspace Agents, channel <c>agtch_demo</c>, writing to <c>demo-channel</c>.</summary>
    public const string Default = WorkspaceAgentsOptions.DefaultConnectionName;

    /// <summary>DocsGPT agent webhook of the demo agent.</summary>
    public const string DocsGpt = "docsgpt";

    /// <summary>Writer blueprint returning text.</summary>
    public const string Writer = "writer";

    /// <summary>GPT Workbench API trigger; its signed completion webhook arrives at <c>/agent-callbacks/gpt-workbench</c>.</summary>
    public const string GptWorkbench = "gpt-workbench";

    /// <summary>The connections as configuration keys (<c>WorkspaceAgents:Connections:…</c>) for <paramref name="emulator"/>.</summary>
    public static Dictionary<string, string?> AsConfiguration(Uri emulator, string docsGptToken = DemoFixture.DocsGptToken)
    {
        var url = emulator.ToString().TrimEnd('/');
        var prefix = $"{WorkspaceAgentsOptions.SectionName}:Connections:";
        return new Dictionary<string, string?>
        {
            [$"{prefix}{Default}:Platform"] = nameof(AgentPlatform.WorkspaceAgents),
            [$"{prefix}{Default}:BaseUrl"] = url,
            [$"{prefix}{Default}:TriggerId"] = DemoFixture.DemoChannel,
            [$"{prefix}{Default}:Token"] = DemoFixture.WorkspaceAgentsToken,
            [$"{prefix}{Default}:OutputDestination"] = DemoFixture.DemoDestination,
            [$"{prefix}{DocsGpt}:Platform"] = nameof(AgentPlatform.DocsGpt),
            [$"{prefix}{DocsGpt}:BaseUrl"] = url,
            [$"{prefix}{DocsGpt}:Token"] = docsGptToken,
            [$"{prefix}{Writer}:Platform"] = nameof(AgentPlatform.Writer),
            [$"{prefix}{Writer}:BaseUrl"] = url,
            [$"{prefix}{Writer}:Token"] = DemoFixture.WriterApiKey,
            [$"{prefix}{Writer}:AgentId"] = DemoFixture.WriterAgentId,
            [$"{prefix}{Writer}:BlueprintId"] = DemoFixture.WriterTextBlueprint,
            [$"{prefix}{GptWorkbench}:Platform"] = nameof(AgentPlatform.GptWorkbench),
            [$"{prefix}{GptWorkbench}:BaseUrl"] = url,
            [$"{prefix}{GptWorkbench}:Token"] = DemoFixture.GptWorkbenchToken,
            [$"{prefix}{GptWorkbench}:CallbackSecret"] = DemoFixture.GptWorkbenchWebhookSecret,
        };
    }
}
