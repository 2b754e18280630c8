namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>Execution log statuses, as listed by the GPT Workbench docs.</summary>
public enum WorkbenchExecutionStatus
{
    /// <summary>Accepted, waiting for a worker.</summary>
    Queued,

    /// <summary>Being processed in the thread; a run id exists.</summary>
    Processing,

    /// <summary>Finished with a response.</summary>
    Completed,

    /// <summary>Finished with an error message.</summary>
    Failed,

    /// <summary>Refused with 429; never processed.</summary>
    RateLimited,
}
