namespace ElsaWorkspaceAgents.Core.Runs;

/// <summary>
/// Waiting for a run without holding a thread: a workflow engine persists a <see cref="RunWaitState"/>, calls
/// <see cref="PollAsync"/> once, and either finishes (<see cref="RunWaitVerdict.Succeeded"/>, <see cref="RunWaitVerdict.Failed"/>,
/// <see cref="RunWaitVerdict.TimedOut"/>) or schedules its own resumption after <see cref="RunWaitStep.PollAgainIn"/> and
/// persists <see cref="RunWaitStep.State"/> for the next poll. The deadline is absolute and part of the state, so a host
/// restart between polls neither extends nor resets it; the interval doubles up to the maximum, as <see cref="IAgentRunTracker.WatchAsync"/> does.
/// </summary>
public static class DurableRunWait
{
    /// <summary>The shortest poll interval accepted (protects the platform from a mistyped interval).</summary>
    public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>What the waiter says when there is no run ID, which is always the case for Workspace Agents.</summary>
    public const string NoRunIdMessage =
        "There is no run ID to wait for. ChatGPT Workspace Agents returns none and has no status API (a 202 only means the run was queued): " +
        "verify the agent's work in its destination instead. For GPT Workbench, DocsGPT and Writer, wire the trigger's Run ID output here.";

    /// <summary>Starts a wait: the deadline is fixed now, from <paramref name="options"/>' timeout.</summary>
    public static RunWaitState Start(string? connectionName, string? runId, RunWaitOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var interval = options.InitialPollInterval < MinimumPollInterval ? MinimumPollInterval : options.InitialPollInterval;
        var maxInterval = options.MaxPollInterval < interval ? interval : options.MaxPollInterval;
        var timeout = options.Timeout < TimeSpan.Zero ? TimeSpan.Zero : options.Timeout;
        return new RunWaitState
        {
            ConnectionName = string.IsNullOrWhiteSpace(connectionName) ? Connections.WorkspaceAgentsOptions.DefaultConnectionName : connectionName.Trim(),
            RunId = runId?.Trim() ?? string.Empty,
            Deadline = now + timeout,
            NextInterval = interval,
            MaxInterval = maxInterval,
        };
    }

    /// <summary>
    /// Reads the run's status once and decides what happens next. Never throws for platform answers or setup problems:
    /// a problem that will not go away (no run ID, unknown connection, a platform without a status API, an unknown run,
    /// a refused credential) ends the wait as <see cref="RunWaitVerdict.Failed"/> with the reason in <see cref="RunWaitStep.Error"/>;
    /// a transient one (no answer, 5xx, 429) is retried at the next poll until the deadline.
    /// </summary>
    /// <param name="tracker">The run tracker.</param>
    /// <param name="state">The persisted state (from <see cref="Start"/> or the previous step).</param>
    /// <param name="clock">The engine's clock (the one its scheduled resumptions use).</param>
    /// <param name="cancellationToken">Cancels the status read.</param>
    public static async Task<RunWaitStep> PollAsync(IAgentRunTracker tracker, RunWaitState state, Func<DateTimeOffset> clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(clock);
        if (string.IsNullOrWhiteSpace(state.RunId))
        {
            return Finish(RunWaitVerdict.Failed, state, snapshot: null, NoRunIdMessage);
        }

        RunSnapshot snapshot;
        try
        {
            snapshot = await tracker.GetStatusAsync(state.ConnectionName, state.RunId, cancellationToken).ConfigureAwait(false);
        }
        catch (RunTrackingException exception) when (Resilience.ResendPolicy.MayPollAgain(exception))
        {
            return Decide(state, snapshot: null, exception.Message, clock());
        }
        catch (Exception exception) when (exception is RunTrackingException or AgentInputException)
        {
            return Finish(RunWaitVerdict.Failed, state, snapshot: null, exception.Message);
        }

        return Decide(state, snapshot, transientError: null, clock());
    }

    /// <summary>The decision for one observation (pure; <see cref="PollAsync"/> uses it).</summary>
    public static RunWaitStep Decide(RunWaitState state, RunSnapshot? snapshot, string? transientError, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (snapshot is { State: RunState.Succeeded })
        {
            return Finish(RunWaitVerdict.Succeeded, state, snapshot, error: null);
        }

        if (snapshot is { State: RunState.Failed })
        {
            return Finish(RunWaitVerdict.Failed, state, snapshot, snapshot.Error ?? $"The run ended with status {snapshot.RawStatus}.");
        }

        if (snapshot is { NoLongerObservable: true })
        {
            // Waiting to the deadline could not change anything: end now, saying where the outcome can still be seen.
            return Finish(RunWaitVerdict.Failed, state, snapshot, snapshot.Error ?? $"The platform no longer reports this run ({snapshot.RawStatus}).");
        }

        var polled = state with { Polls = state.Polls + 1, LastStatus = snapshot?.RawStatus ?? state.LastStatus };
        var remaining = state.Deadline - now;
        if (remaining <= TimeSpan.Zero)
        {
            var last = polled.LastStatus is null ? "no status was read" : $"the last status was {polled.LastStatus}";
            return new RunWaitStep
            {
                Verdict = RunWaitVerdict.TimedOut,
                State = polled,
                Snapshot = snapshot,
                Error = $"The run did not finish before the deadline ({state.Deadline:u}); {last}." +
                        (transientError is null ? string.Empty : " Last error: " + transientError) +
                        (snapshot?.Hint is { } hint ? " " + hint : string.Empty),
            };
        }

        var delay = state.NextInterval < remaining ? state.NextInterval : remaining;
        var next = TimeSpan.FromTicks(Math.Min(state.NextInterval.Ticks * 2, state.MaxInterval.Ticks));
        return new RunWaitStep
        {
            Verdict = RunWaitVerdict.PollAgain,
            State = polled with { NextInterval = next },
            Snapshot = snapshot,
            Error = transientError,
            PollAgainIn = delay,
        };
    }

    private static RunWaitStep Finish(RunWaitVerdict verdict, RunWaitState state, RunSnapshot? snapshot, string? error) => new()
    {
        Verdict = verdict,
        State = state with { Polls = state.Polls + (snapshot is null ? 0 : 1), LastStatus = snapshot?.RawStatus ?? state.LastStatus },
        Snapshot = snapshot,
        Error = error,
    };
}

/// <summary>What a durable waiter persists between polls. Plain values only, so any engine can store it.</summary>
public sealed record RunWaitState
{
    /// <summary>The connection the run was started through.</summary>
    public required string ConnectionName { get; init; }

    /// <summary>The run, job or task ID.</summary>
    public required string RunId { get; init; }

    /// <summary>When waiting stops (absolute, so a restart does not extend it).</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>The delay before the poll after the next one is scheduled (doubles up to <see cref="MaxInterval"/>).</summary>
    public required TimeSpan NextInterval { get; init; }

    /// <summary>The longest delay between polls.</summary>
    public required TimeSpan MaxInterval { get; init; }

    /// <summary>How many status reads returned an answer so far.</summary>
    public int Polls { get; init; }

    /// <summary>The platform's status word at the last successful read.</summary>
    public string? LastStatus { get; init; }
}

/// <summary>How one poll ended.</summary>
public enum RunWaitVerdict
{
    /// <summary>The run finished with a result.</summary>
    Succeeded,

    /// <summary>The run failed, or its status cannot be read (see <see cref="RunWaitStep.Error"/>).</summary>
    Failed,

    /// <summary>The deadline passed before the run finished.</summary>
    TimedOut,

    /// <summary>Not finished yet: poll again after <see cref="RunWaitStep.PollAgainIn"/>.</summary>
    PollAgain,
}

/// <summary>The result of one poll.</summary>
public sealed record RunWaitStep
{
    /// <summary>What happens next.</summary>
    public required RunWaitVerdict Verdict { get; init; }

    /// <summary>The state to persist (for <see cref="RunWaitVerdict.PollAgain"/>) or the final state.</summary>
    public required RunWaitState State { get; init; }

    /// <summary>What the platform said, when the read succeeded.</summary>
    public RunSnapshot? Snapshot { get; init; }

    /// <summary>Why the wait failed or timed out, or the transient error of this poll.</summary>
    public string? Error { get; init; }

    /// <summary>For <see cref="RunWaitVerdict.PollAgain"/>: when to poll next (never past the deadline).</summary>
    public TimeSpan? PollAgainIn { get; init; }

    /// <summary>The platform's status word, or the verdict when no status was read.</summary>
    public string Status => Snapshot?.RawStatus ?? State.LastStatus ?? Verdict.ToString();
}
