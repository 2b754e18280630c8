namespace ElsaWorkspaceAgents.Core.Runs;

/// <summary>What a platform said about a run at one moment.</summary>
public sealed record RunSnapshot
{
    /// <summary>The run, job or task ID.</summary>
    public required string RunId { get; init; }

    /// <summary>Normalised state.</summary>
    public required RunState State { get; init; }

    /// <summary>The platform's own status word, e.g. <c>PROGRESS</c> or <c>in_progress</c>.</summary>
    public required string RawStatus { get; init; }

    /// <summary>The agent's output once finished (DocsGPT <c>result</c>, Writer <c>artifact</c>, GPT Workbench response).</summary>
    public string? Output { get; init; }

    /// <summary>The platform's error message when the run failed.</summary>
    public string? Error { get; init; }

    /// <summary>A progress message the platform sent with the status, if any (Writer's stream: <c>Executing blueprint: …</c>).</summary>
    public string? Message { get; init; }

    /// <summary>When this snapshot was taken.</summary>
    public required DateTimeOffset ObservedAt { get; init; }

    /// <summary>True once the run can no longer change.</summary>
    public bool IsTerminal => State is RunState.Succeeded or RunState.Failed;

    /// <summary>
    /// True when the platform will never report on this run again (GPT Workbench's status endpoint shows only the most
    /// recent execution): the run's outcome is unknown here, and waiting longer cannot change that.
    /// </summary>
    public bool NoLongerObservable { get; init; }
}
