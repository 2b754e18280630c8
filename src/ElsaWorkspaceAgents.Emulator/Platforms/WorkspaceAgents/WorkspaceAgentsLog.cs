using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>Log messages. Never the access token or Authorization header: channel ids, run ids and keys only, as the seed advises.</summary>
internal static partial class WorkspaceAgentsLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Workspace Agents trigger accepted: channel {ChannelId}, run {RunId}, idempotency key {IdempotencyKey}.")]
    public static partial void Accepted(ILogger logger, string channelId, string runId, string? idempotencyKey);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Workspace Agents trigger replayed: channel {ChannelId}, idempotency key {IdempotencyKey} belongs to run {RunId}; no new run.")]
    public static partial void Replayed(ILogger logger, string channelId, string idempotencyKey, string runId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Workspace Agents trigger refused: channel {ChannelId}, HTTP {StatusCode} {ErrorCode}.")]
    public static partial void Refused(ILogger logger, string channelId, int statusCode, string errorCode);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Workspace Agent run {RunId} ended {Status}: {Message}")]
    public static partial void RunEnded(ILogger logger, string runId, WorkspaceAgentRunStatus status, string message);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Workspace Agent run {RunId} wrote {WriteId} to {Destination} ({WriteStatus}).")]
    public static partial void Wrote(ILogger logger, string runId, string writeId, string destination, DestinationWriteStatus writeStatus);
}
