namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>One agent run a platform started, whichever platform: what <c>GET /_emulator/starts</c> lists.</summary>
/// <param name="Platform">workspace_agents, gpt_workbench, docsgpt or writer.</param>
/// <param name="RunId">The run, job or task ID.</param>
/// <param name="Target">The channel, trigger, agent or agent/blueprint that ran.</param>
/// <param name="RequestId">The run's request ID: a structured payload's <c>requestId</c> (or <c>request_id</c>), else the first <c>Request ID:</c> in its input.</param>
/// <param name="StartedAt">When the platform accepted the request.</param>
public sealed record AgentStart(string Platform, string RunId, string Target, string? RequestId, DateTimeOffset StartedAt);
