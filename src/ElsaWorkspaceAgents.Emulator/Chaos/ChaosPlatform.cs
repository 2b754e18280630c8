namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>The platform whose trigger endpoints a chaos rule targets.</summary>
public enum ChaosPlatform
{
    /// <summary>ChatGPT Workspace Agents; targets are API channel ids.</summary>
    WorkspaceAgents,

    /// <summary>GPT Workbench; targets are trigger ids (not tokens, which rotate).</summary>
    GptWorkbench,

    /// <summary>DocsGPT; targets are agent ids.</summary>
    DocsGpt,

    /// <summary>Writer; targets are blueprint ids.</summary>
    Writer,
}
