namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>One step of a Writer synchronous blueprint run, reduced from its SSE stream.</summary>
public sealed record WriterStreamUpdate
{
    /// <summary>What happened.</summary>
    public required WriterStreamUpdateKind Kind { get; init; }

    /// <summary>The latest status word Writer sent (<c>initializing</c>, <c>executing</c>, …), if any yet.</summary>
    public string? Status { get; init; }

    /// <summary>The latest status message (<c>Executing blueprint: …</c>), or the error message for <see cref="WriterStreamUpdateKind.Error"/>.</summary>
    public string? Message { get; init; }

    /// <summary>The piece of output this update added (<see cref="WriterStreamUpdateKind.Delta"/> only).</summary>
    public string? Delta { get; init; }

    /// <summary>All output so far: the concatenated deltas. On the last update, the Return Value.</summary>
    public required string Output { get; init; }

    /// <summary>The first error the stream reported, if any (kept on every later update).</summary>
    public string? Error { get; init; }

    /// <summary>True for the last update of the stream.</summary>
    public bool IsFinal => Kind is WriterStreamUpdateKind.Done or WriterStreamUpdateKind.EndedEarly;
}
