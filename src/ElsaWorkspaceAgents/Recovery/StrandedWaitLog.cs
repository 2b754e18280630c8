using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Recovery;

/// <summary>The stranded-wait check's log lines: instance, activity and bookmark IDs only.</summary>
internal static partial class StrandedWaitLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Workflow instance {WorkflowInstanceId} waits in Wait For Agent Result on bookmark {BookmarkId}, which the bookmark store does not hold; it is resumed if the next check finds it unchanged.")]
    public static partial void Suspected(ILogger logger, string workflowInstanceId, string bookmarkId);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "Resumed the stranded Wait For Agent Result of workflow instance {WorkflowInstanceId} (activity {ActivityNodeId}, bookmark {BookmarkId}, missing from the bookmark store after a crash inside Elsa's commit): its status check ran again; status now {Status}/{SubStatus}. Removed {OrphanCount} stored bookmark(s) its state does not know.")]
    public static partial void Resumed(ILogger logger, string workflowInstanceId, string activityNodeId, string bookmarkId, string status, string subStatus, int orphanCount);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error,
        Message = "Could not resume the stranded Wait For Agent Result of workflow instance {WorkflowInstanceId}; the next check tries again.")]
    public static partial void ResumeFailed(ILogger logger, Exception exception, string workflowInstanceId);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug,
        Message = "Stranded-wait check: {Suspended} suspended instance(s), {Read} of them in workflow versions with Wait For Agent Result read, {Resumed} resumed.")]
    public static partial void Checked(ILogger logger, int suspended, int read, int resumed);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning,
        Message = "Workflow instance {WorkflowInstanceId} looks stranded in Wait For Agent Result (activity {ActivityNodeId}), but its journal shows the wait completed: the steps after it ran before the instance's last save was lost. It is not resumed, because that would run them again; check what they did and cancel or fix the instance.")]
    public static partial void RanOn(ILogger logger, string workflowInstanceId, string activityNodeId);
}
