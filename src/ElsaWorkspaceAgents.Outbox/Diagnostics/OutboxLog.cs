using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Outbox.Diagnostics;

/// <summary>
/// The outbox's log messages. Parameters are row IDs, connection names, idempotency keys, request IDs and reasons that
/// are already free of secrets; no overload takes a token, URL, header or connection string.
/// </summary>
internal static partial class OutboxLog
{
    public const string CategoryName = "ElsaWorkspaceAgents.Outbox";

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "Enqueued outbox row {Id} for {ConnectionName} (request {SourceRequestId}, idempotency key {IdempotencyKey})")]
    public static partial void Enqueued(ILogger logger, long id, string connectionName, string? sourceRequestId, string idempotencyKey);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Event already in the outbox as row {Id} ({State}) for {ConnectionName}; not stored again (idempotency key {IdempotencyKey})")]
    public static partial void Duplicate(ILogger logger, long id, OutboxEntryState state, string connectionName, string idempotencyKey);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Outbox row {Id} accepted by {ConnectionName} after {DispatchAttempt} dispatch attempt(s) (request {SourceRequestId}, idempotency key {IdempotencyKey})")]
    public static partial void Accepted(ILogger logger, long id, string connectionName, int dispatchAttempt, string? sourceRequestId, string idempotencyKey);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "Outbox row {Id} {Outcome} on dispatch attempt {DispatchAttempt}; retrying in {DelayMs} ms (idempotency key {IdempotencyKey}): {Reason}")]
    public static partial void Rescheduled(ILogger logger, long id, TriggerOutcomeKind? outcome, int dispatchAttempt, long delayMs, string idempotencyKey, string? reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error,
        Message = "Outbox row {Id} failed for good ({Outcome}) for {ConnectionName} (request {SourceRequestId}, idempotency key {IdempotencyKey}): {Reason}")]
    public static partial void TerminalFailure(ILogger logger, long id, TriggerOutcomeKind? outcome, string connectionName, string? sourceRequestId,
        string idempotencyKey, string? reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information,
        Message = "Released outbox row {Id} unsent because the dispatcher is stopping (idempotency key {IdempotencyKey})")]
    public static partial void Released(ILogger logger, long id, string idempotencyKey);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Dispatcher {WorkerId} could not claim outbox rows; retrying after {DelayMs} ms")]
    public static partial void ClaimFailed(ILogger logger, Exception exception, string workerId, long delayMs);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Outbox dispatcher {WorkerId} started: {Options}")]
    public static partial void Started(ILogger logger, string workerId, string options);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Outbox dispatcher {WorkerId} stopped")]
    public static partial void Stopped(ILogger logger, string workerId);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error,
        Message = "Could not record the result of outbox row {Id} (idempotency key {IdempotencyKey}); its lease will expire and it will be sent again with the same key")]
    public static partial void FinishFailed(ILogger logger, Exception exception, long id, string idempotencyKey);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning,
        Message = "Outbox row {Id} lost its lease to another dispatcher before its result was recorded (idempotency key {IdempotencyKey}); the new holder records it")]
    public static partial void LeaseLost(ILogger logger, long id, string idempotencyKey);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Outbox row {Id} replayed from {State}: pending again with the same idempotency key")]
    public static partial void Replayed(ILogger logger, long id, OutboxEntryState state);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning,
        Message = "Outbox row {Id} is unconfirmed for {ConnectionName}: the agent may have started, so it is not sent again automatically; check the platform (request {SourceRequestId}, idempotency key {IdempotencyKey}): {Reason}")]
    public static partial void Unconfirmed(ILogger logger, long id, string connectionName, string? sourceRequestId, string idempotencyKey, string? reason);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning,
        Message = "LeaseDuration {LeaseDuration} minus LeaseSafetyMargin {LeaseSafetyMargin} is shorter than the trigger retry budget {TotalTimeout}: long retried sends will be cut short and rescheduled")]
    public static partial void LeaseShorterThanRetryBudget(ILogger logger, TimeSpan leaseDuration, TimeSpan leaseSafetyMargin, TimeSpan totalTimeout);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Error, Message = "Outbox dispatcher {WorkerId} could not prepare the outbox table; retrying after {DelayMs} ms")]
    public static partial void SchemaFailed(ILogger logger, Exception exception, string workerId, long delayMs);
}
