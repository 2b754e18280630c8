namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>Celery task states as DocsGPT's <c>/api/task_status</c> reports them.</summary>
public static class DocsGptTaskStatus
{
    /// <summary>Queued, or unknown to the backend (Celery cannot tell the two apart).</summary>
    public const string Pending = "PENDING";

    /// <summary>A worker picked it up.</summary>
    public const string Started = "STARTED";

    /// <summary>Running; <c>result</c> carries <c>{"current": n}</c>.</summary>
    public const string Progress = "PROGRESS";

    /// <summary>Failed transiently and will run again; <c>result</c> is the reason.</summary>
    public const string Retry = "RETRY";

    /// <summary>Done; <c>result</c> is the agent's output.</summary>
    public const string Success = "SUCCESS";

    /// <summary>Failed for good; <c>result</c> is the error text.</summary>
    public const string Failure = "FAILURE";
}
