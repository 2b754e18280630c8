namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>Job statuses of the asynchronous endpoint.</summary>
public static class WriterJobStatus
{
    /// <summary>Created, not yet running.</summary>
    public const string Queued = "queued";

    /// <summary>Running.</summary>
    public const string InProgress = "in_progress";

    /// <summary>Finished; <c>artifact</c> holds the Return Value.</summary>
    public const string Completed = "completed";

    /// <summary>Failed; <c>error</c> holds the reason.</summary>
    public const string Error = "error";
}
