using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>Log messages. The webhook token is the URL path: only agent ids and task ids are logged.</summary>
internal static partial class DocsGptLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "DocsGPT webhook ({Method}) for agent {AgentId} enqueued task {TaskId}.")]
    public static partial void Enqueued(ILogger logger, string method, string agentId, string taskId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "DocsGPT webhook for agent {AgentId} replayed idempotency key {IdempotencyKey}: task {TaskId}.")]
    public static partial void Replayed(ILogger logger, string agentId, string idempotencyKey, string taskId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "DocsGPT webhook refused: HTTP {StatusCode} {Reason}.")]
    public static partial void Refused(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "DocsGPT task {TaskId} ended {Status}.")]
    public static partial void Finished(ILogger logger, string taskId, string status);
}
