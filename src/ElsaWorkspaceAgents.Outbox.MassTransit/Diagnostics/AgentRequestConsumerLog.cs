using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Outbox.MassTransit.Diagnostics;

/// <summary>The consumer's log messages: message IDs, request IDs, keys and reasons only, never a token or a connection string.</summary>
internal static partial class AgentRequestConsumerLog
{
    public const string CategoryName = "ElsaWorkspaceAgents.Outbox.Queue";

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug,
        Message = "Agent request {MessageId} stored as outbox row {RowId} (request {RequestId}, idempotency key {IdempotencyKey})")]
    public static partial void Stored(ILogger logger, string messageId, long rowId, string? requestId, string idempotencyKey);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Agent request {MessageId} was already in the outbox as row {RowId}; acknowledged without storing it again (idempotency key {IdempotencyKey})")]
    public static partial void Duplicate(ILogger logger, string messageId, long rowId, string idempotencyKey);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning,
        Message = "Agent request refused and dead-lettered (transport message {TransportMessageId}): {Reason}")]
    public static partial void Refused(ILogger logger, Guid? transportMessageId, string reason);
}
