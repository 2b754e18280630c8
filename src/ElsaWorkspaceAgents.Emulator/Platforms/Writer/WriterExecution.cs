using System.Text.Json.Nodes;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>A blueprint execution that was started, through either endpoint (for assertions such as "exactly one run").</summary>
/// <param name="ExecutionId">Execution id.</param>
/// <param name="AgentId">Agent id.</param>
/// <param name="BlueprintId">Blueprint id.</param>
/// <param name="Mode"><c>stream</c> (synchronous SSE endpoint) or <c>job</c> (asynchronous endpoint).</param>
/// <param name="Inputs">The request's <c>inputs</c>.</param>
/// <param name="JobId">Job id for <c>job</c> mode.</param>
/// <param name="StartedAt">When it was accepted.</param>
public sealed record WriterExecution(string ExecutionId, string AgentId, string BlueprintId, string Mode, JsonNode? Inputs, string? JobId, DateTimeOffset StartedAt);
