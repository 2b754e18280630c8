using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>Log messages. The API token is the URL path, so only trigger ids are ever logged, never the path.</summary>
internal static partial class GptWorkbenchLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "GPT Workbench trigger {TriggerId} queued job {JobId}.")]
    public static partial void Queued(ILogger logger, string triggerId, string jobId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "GPT Workbench trigger call refused: trigger {TriggerId}, HTTP {StatusCode} {Reason}.")]
    public static partial void Refused(ILogger logger, string triggerId, int statusCode, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "GPT Workbench job {JobId} of trigger {TriggerId} ended {Status}.")]
    public static partial void Finished(ILogger logger, string jobId, string triggerId, WorkbenchExecutionStatus status);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "GPT Workbench webhook {DeliveryId} attempt {Attempt}: {Outcome}.")]
    public static partial void WebhookAttempt(ILogger logger, string deliveryId, int attempt, string outcome);
}
