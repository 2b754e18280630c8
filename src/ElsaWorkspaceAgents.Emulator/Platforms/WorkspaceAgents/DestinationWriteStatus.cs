namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>State of a write to a destination.</summary>
public enum DestinationWriteStatus
{
    /// <summary>Visible in the destination.</summary>
    Written,

    /// <summary>Held for approval; not yet visible in the destination.</summary>
    PendingApproval,

    /// <summary>Approval was refused; never visible in the destination.</summary>
    Rejected,
}
