using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Core.Audit;

/// <summary>
/// One structured record per attempt and per final outcome, with the fields the seed says to log
/// (source request ID, trigger, idempotency key, timestamp, HTTP status) plus attempt number and duration.
/// No overload takes a token, a URL or a header collection, so none can be logged by mistake.
/// </summary>
internal static partial class TriggerAuditLog
{
    public const string CategoryName = "ElsaWorkspaceAgents.Audit";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Trigger attempt {Attempt} to {Platform} {Target}: HTTP {HttpStatus} in {DurationMs} ms (request {SourceRequestId}, idempotency key {IdempotencyKey}, at {Timestamp:o})")]
    public static partial void AttemptCompleted(ILogger logger, int attempt, AgentPlatform platform, string target, int httpStatus,
        long durationMs, string? sourceRequestId, string idempotencyKey, DateTimeOffset timestamp);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Trigger attempt {Attempt} to {Platform} {Target} got no response ({FailureKind}) after {DurationMs} ms (request {SourceRequestId}, idempotency key {IdempotencyKey}, at {Timestamp:o})")]
    public static partial void AttemptFailed(ILogger logger, int attempt, AgentPlatform platform, string target, string failureKind,
        long durationMs, string? sourceRequestId, string idempotencyKey, DateTimeOffset timestamp);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information,
        Message = "Trigger outcome {Outcome} from {Platform} {Target}: HTTP {HttpStatus} after {Attempts} attempt(s) in {DurationMs} ms (request {SourceRequestId}, idempotency key {IdempotencyKey}, run {RunId}, at {Timestamp:o})")]
    public static partial void Outcome(ILogger logger, TriggerOutcomeKind outcome, AgentPlatform platform, string target, int? httpStatus,
        int attempts, long durationMs, string? sourceRequestId, string idempotencyKey, string? runId, DateTimeOffset timestamp);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "Trigger refused before sending to {Platform} {Target}: {Reason} (request {SourceRequestId}, idempotency key {IdempotencyKey})")]
    public static partial void Refused(ILogger logger, AgentPlatform platform, string target, string reason, string? sourceRequestId, string idempotencyKey);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information,
        Message = "Trigger input for request {SourceRequestId} (logged because LogInputText is on): {InputText}")]
    public static partial void Input(ILogger logger, string? sourceRequestId, string inputText);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information,
        Message = "Retrying {Platform} {Target} in {DelayMs} ms (attempt {NextAttempt}, idempotency key {IdempotencyKey}, Retry-After honoured: {HonouredRetryAfter})")]
    public static partial void Retrying(ILogger logger, AgentPlatform platform, string target, long delayMs, int nextAttempt, string idempotencyKey, bool honouredRetryAfter);
}
