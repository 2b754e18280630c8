namespace ElsaWorkspaceAgents.Core;

/// <summary>The agent platforms whose API triggers this library speaks.</summary>
public enum AgentPlatform
{
    /// <summary>ChatGPT Workspace Agents: <c>POST /v1/workspace_agents/{agtch_id}/trigger</c>, asynchronous, no run ID.</summary>
    WorkspaceAgents,

    /// <summary>GPT Workbench API triggers: token-in-URL webhook, returns a job ID.</summary>
    GptWorkbench,

    /// <summary>DocsGPT agent webhooks: token-in-URL webhook, returns a task ID to poll.</summary>
    DocsGpt,

    /// <summary>Writer Agent Builder blueprints: Bearer key, SSE stream or asynchronous job.</summary>
    Writer,
}
