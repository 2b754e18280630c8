using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>Log messages (never the API key).</summary>
internal static partial class WriterLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Writer blueprint {BlueprintId} of agent {AgentId} started ({Mode}).")]
    public static partial void Started(ILogger logger, string blueprintId, string agentId, string mode);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Writer request refused: HTTP {StatusCode} {Reason}.")]
    public static partial void Refused(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Writer job {JobId} ended {Status}.")]
    public static partial void JobFinished(ILogger logger, string jobId, string status);
}
