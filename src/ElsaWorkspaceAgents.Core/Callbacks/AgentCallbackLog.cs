using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>Receiver log messages: connection names, delivery and run IDs and verdicts — never a secret, a signature or a body.</summary>
internal static partial class AgentCallbackLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Callback {DeliveryId} for run {RunId} on connection {ConnectionName}: {Verdict}")]
    public static partial void Verified(ILogger logger, string connectionName, string deliveryId, string runId, AgentCallbackVerdict verdict);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Callback refused on connection {ConnectionName}: {Verdict} ({Reason})")]
    public static partial void Refused(ILogger logger, string connectionName, AgentCallbackVerdict verdict, string reason);
}
