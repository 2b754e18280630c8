namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>What an approve/reject call did.</summary>
public enum ApprovalOutcome
{
    /// <summary>The decision was applied.</summary>
    Done,

    /// <summary>No write with that id.</summary>
    NotFound,

    /// <summary>The write was already written or rejected.</summary>
    NotPending,
}

/// <summary>Outcome plus the write as it now stands.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Write">The write, when found.</param>
public sealed record ApprovalResult(ApprovalOutcome Outcome, DestinationWrite? Write);
