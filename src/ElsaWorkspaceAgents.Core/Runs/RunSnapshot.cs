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

    /// <summary>The agent's output once finished (DocsGPT <c>result</c>, Writer <c>artifact</c>, GPT Workbench response), as the platform sent it.</summary>
    public string? Output { get; init; }

    /// <summary>
    /// The answer text a designer wants as the main output once the run succeeded: DocsGPT's <c>result.result.answer</c>
    /// (or a plain-text <c>result</c>), Writer's <c>artifact</c> string, GPT Workbench's <c>response</c>. Falls back to
    /// <see cref="Output"/> when the result has no recognisable answer field.
    /// </summary>
    public string? Answer { get; init; }

    /// <summary>
    /// The full result as JSON, for designers who need its fields: DocsGPT's whole <c>result</c> object, Writer's
    /// <c>artifact</c> parsed (only when it holds a JSON object or array), GPT Workbench's execution object.
    /// </summary>
    public string? ResultJson { get; init; }

    /// <summary>What to check if the run stays in this state, e.g. DocsGPT's PENDING, which it also reports for task IDs it never saw.</summary>
    public string? Hint { get; init; }

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
