namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>An update an agent wrote (or wants to write) to a destination.</summary>
public sealed record DestinationWrite
{
    /// <summary>Write id (<c>wr_...</c>), used by the approval endpoints.</summary>
    public required string WriteId { get; init; }

    /// <summary>Destination name.</summary>
    public required string Destination { get; init; }

    /// <summary>The update text, <c>Workspace Agent API demo received: &lt;request id&gt;</c>.</summary>
    public required string Text { get; init; }

    /// <summary>Run that produced it.</summary>
    public required string RunId { get; init; }

    /// <summary>Agent that wrote it.</summary>
    public required string AgentId { get; init; }

    /// <summary>Request ID from the input.</summary>
    public required string RequestId { get; init; }

    /// <summary>Written, pending approval or rejected.</summary>
    public DestinationWriteStatus Status { get; init; }

    /// <summary>When the agent produced the write.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>When it was approved or rejected.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>"Source system:" line of the input, if present.</summary>
    public string? SourceSystem { get; init; }

    /// <summary>"Submitted at:" line of the input, if present.</summary>
    public string? SubmittedAt { get; init; }

    /// <summary>"Update text:" line of the input, if present.</summary>
    public string? UpdateText { get; init; }
}
