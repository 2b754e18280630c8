namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>Lifecycle of a Workspace Agent run (admin view; the real API exposes none of it).</summary>
public enum WorkspaceAgentRunStatus
{
    /// <summary>Accepted (202 sent) and waiting for the worker.</summary>
    Queued,

    /// <summary>The agent is reading the input.</summary>
    Running,

    /// <summary>The update was written to the destination.</summary>
    Completed,

    /// <summary>The input had no request ID: the agent asked for one and wrote nothing.</summary>
    NeedsInput,

    /// <summary>The write waits for approval on an approval-gated destination.</summary>
    AwaitingApproval,

    /// <summary>The pending write was rejected.</summary>
    Rejected,

    /// <summary>The destination could not be reached; nothing was written.</summary>
    Failed,
}
