using System.Runtime.CompilerServices;
using System.Text.Json;
using Elsa.Common;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Activities.Flowchart.Attributes;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using ElsaWorkspaceAgents.Callbacks;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.UIHints;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>
/// Waits durably for an agent run to finish. It reads the run's status once; if the run is still going it suspends the
/// workflow on an <c>Elsa.Delay</c> bookmark (Elsa.Scheduling) and is resumed later to read again, with the interval
/// doubling up to a maximum, until the run ends or the deadline passes. No thread is held while waiting, and because the
/// wait's state (connection, run ID, absolute deadline, next interval) is kept in the activity's persisted properties,
/// the wait survives a host restart. The decisions are <see cref="DurableRunWait"/>'s.
/// </summary>
/// <remarks>
/// When the connection has a callback secret, it also waits on a bookmark keyed by the run ID
/// (<see cref="AgentCallbackStimulus"/>): the verified completion callback resumes exactly this instance at once, and
/// polling stays the fallback and the deadline keeper. A run the status endpoint no longer shows (GPT Workbench's older
/// runs) then waits for its callback until the deadline instead of failing.
/// </remarks>
[Activity(WorkspaceAgentsActivityMetadata.Namespace, WorkspaceAgentsActivityMetadata.Category,
    "Waits for an agent run (GPT Workbench job, DocsGPT task, Writer job) to finish, without holding a thread: the workflow sleeps between status checks and survives restarts. ChatGPT Workspace Agents has no status API: verify its work in the destination instead.",
    DisplayName = "Wait For Agent Result")]
[FlowNode(Succeeded, Failed, TimedOut)]
public class WaitForAgentResult : Activity
{
    /// <summary>The run finished with a result.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>The run failed, or its status cannot be read (the Error output says why).</summary>
    public const string Failed = "Failed";

    /// <summary>The deadline passed first.</summary>
    public const string TimedOut = "Timed Out";

    /// <summary>The activity property holding the persisted wait state.</summary>
    internal const string StateProperty = "WorkspaceAgents.RunWaitState";

    internal static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public WaitForAgentResult([CallerFilePath] string? source = null, [CallerLineNumber] int? line = null) : base(source, line)
    {
    }

    /// <summary>The connection the run was started through.</summary>
    [Input(Description = "The connection the run was started through (the same one as the trigger's).",
        UIHint = InputUIHints.DropDown, UIHandler = typeof(AgentConnectionOptionsProvider), Order = 1)]
    [ConnectionPlatforms(AgentPlatform.GptWorkbench, AgentPlatform.DocsGpt, AgentPlatform.Writer)]
    public Input<string?> Connection { get; set; } = new((string?)null);

    /// <summary>The run to wait for.</summary>
    [Input(DisplayName = "Run ID", Description = "The run, job or task ID: wire the trigger's Run ID output here.", Order = 2)]
    public Input<string?> RunId { get; set; } = new((string?)null);

    /// <summary>The first delay between status checks.</summary>
    [Input(DisplayName = "Poll Interval", Description = "The first delay between status checks; it doubles after each check up to Max Poll Interval.", DefaultValue = "00:00:05", Order = 3)]
    public Input<TimeSpan> PollInterval { get; set; } = new(TimeSpan.FromSeconds(5));

    /// <summary>The longest delay between status checks.</summary>
    [Input(DisplayName = "Max Poll Interval", Description = "The longest delay between status checks.", DefaultValue = "00:01:00", Order = 4)]
    public Input<TimeSpan> MaxPollInterval { get; set; } = new(TimeSpan.FromMinutes(1));

    /// <summary>How long to wait in total.</summary>
    [Input(Description = "How long to wait in total before taking the Timed Out outcome. The deadline is fixed when the wait starts and survives restarts.", DefaultValue = "00:30:00", Order = 5)]
    public Input<TimeSpan> Timeout { get; set; } = new(TimeSpan.FromMinutes(30));

    /// <summary>The platform's last status word.</summary>
    [Output(Description = "The platform's last status word, e.g. SUCCESS, completed or in_progress.")]
    public Output<string?>? Status { get; set; }

    /// <summary>The agent's answer text.</summary>
    [Output(DisplayName = "Output", Description = "The answer text when the run succeeded: DocsGPT's result.answer, Writer's artifact, GPT Workbench's response.")]
    public Output<string?>? AgentOutput { get; set; }

    /// <summary>The full result as JSON.</summary>
    [Output(DisplayName = "Result JSON", Description = "The full result as JSON when the run succeeded: DocsGPT's whole result object, Writer's artifact parsed (when it is JSON), GPT Workbench's execution.")]
    public Output<string?>? ResultJson { get; set; }

    /// <summary>Why the wait failed or timed out.</summary>
    [Output(Description = "Why the run failed, why its status cannot be read, or why the wait timed out.")]
    public Output<string?>? Error { get; set; }

    /// <summary>How many status reads answered.</summary>
    [Output(Description = "How many status checks returned an answer.")]
    public Output<int>? Polls { get; set; }

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var clock = context.GetRequiredService<ISystemClock>();
        var state = DurableRunWait.Start(
            Connection.GetOrDefault(context),
            RunId.GetOrDefault(context),
            new RunWaitOptions
            {
                InitialPollInterval = PollInterval.GetOrDefault(context),
                MaxPollInterval = MaxPollInterval.GetOrDefault(context),
                Timeout = Timeout.GetOrDefault(context),
            },
            clock.UtcNow);
        if (ReceivesCallbacks(context, state))
        {
            // Kept across polls (only the resumed bookmark is burnt) and removed when the activity completes.
            context.CreateBookmark(AgentCallbackStimulus.For(state.ConnectionName, state.RunId), OnCallbackAsync, includeActivityInstanceId: false);
        }

        await PollAsync(context, state);
    }

    private async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var json = context.GetProperty<string>(StateProperty)
                   ?? throw new InvalidOperationException("The wait state is missing from the resumed activity.");
        await PollAsync(context, JsonSerializer.Deserialize<RunWaitState>(json, StateJson)!);
    }

    /// <summary>The verified completion callback for this run arrived (<see cref="WorkflowCallbackHandler"/>).</summary>
    private async ValueTask OnCallbackAsync(ActivityExecutionContext context)
    {
        var json = context.GetProperty<string>(StateProperty)
                   ?? throw new InvalidOperationException("The wait state is missing from the resumed activity.");
        var state = JsonSerializer.Deserialize<RunWaitState>(json, StateJson)!;
        var snapshot = context.WorkflowInput.TryGetValue(WorkflowCallbackHandler.InputKey, out var value) && value is string text
            ? JsonSerializer.Deserialize<RunSnapshot>(text, StateJson)
            : null;
        var clock = context.GetRequiredService<ISystemClock>();
        if (snapshot is not { IsTerminal: true })
        {
            // Not a result (or unreadable): keep waiting on a fresh callback bookmark; the pending poll is still scheduled.
            context.CreateBookmark(AgentCallbackStimulus.For(state.ConnectionName, state.RunId), OnCallbackAsync, includeActivityInstanceId: false);
            return;
        }

        await FinishAsync(context, DurableRunWait.Decide(state, snapshot, transientError: null, clock.UtcNow));
    }

    private async ValueTask PollAsync(ActivityExecutionContext context, RunWaitState state)
    {
        var clock = context.GetRequiredService<ISystemClock>();
        var tracker = context.GetRequiredService<IAgentRunTracker>();
        var step = await DurableRunWait.PollAsync(tracker, state, () => clock.UtcNow, context.CancellationToken);
        if (step.Snapshot is { NoLongerObservable: true } && ReceivesCallbacks(context, state))
        {
            // The status endpoint will never show this run again, but its callback will come: wait for it until the deadline.
            var remaining = state.Deadline - clock.UtcNow;
            if (remaining > TimeSpan.Zero)
            {
                context.SetProperty(StateProperty, JsonSerializer.Serialize(step.State, StateJson));
                context.Set(Status, step.Status);
                context.Set(Polls, step.State.Polls);
                context.Set(Error, step.Error + " Waiting for the run's completion callback until the deadline.");
                context.DelayFor(remaining, ResumeAsync);
                return;
            }

            step = step with
            {
                Verdict = RunWaitVerdict.TimedOut,
                Error = $"No completion callback arrived before the deadline ({state.Deadline:u}), and the status endpoint no longer shows this run: {step.Error}",
            };
        }

        await FinishAsync(context, step);
    }

    private async ValueTask FinishAsync(ActivityExecutionContext context, RunWaitStep step)
    {
        context.SetProperty(StateProperty, JsonSerializer.Serialize(step.State, StateJson));
        context.Set(Status, step.Status);
        context.Set(Polls, step.State.Polls);
        context.Set(Error, step.Error);

        switch (step.Verdict)
        {
            case RunWaitVerdict.PollAgain:
                // Suspends the workflow on an Elsa.Delay bookmark; Elsa.Scheduling resumes it (also after a restart).
                context.DelayFor(step.PollAgainIn!.Value, ResumeAsync);
                return;
            case RunWaitVerdict.Succeeded:
                context.Set(AgentOutput, step.Snapshot?.Answer ?? step.Snapshot?.Output);
                context.Set(ResultJson, step.Snapshot?.ResultJson);
                await context.CompleteActivityWithOutcomesAsync(Succeeded);
                return;
            case RunWaitVerdict.TimedOut:
                await context.CompleteActivityWithOutcomesAsync(TimedOut);
                return;
            default:
                await context.CompleteActivityWithOutcomesAsync(Failed);
                return;
        }
    }

    /// <summary>True when the run's connection has a callback secret, so its completion callback can resume this wait.</summary>
    private static bool ReceivesCallbacks(ActivityExecutionContext context, RunWaitState state)
    {
        if (string.IsNullOrWhiteSpace(state.RunId))
        {
            return false;
        }

        try
        {
            return context.GetRequiredService<IAgentConnectionRegistry>().Describe(state.ConnectionName).ReceivesCallbacks;
        }
        catch (Exception exception) when (exception is AgentInputException or InvalidOperationException or KeyNotFoundException)
        {
            // An unknown connection fails at the first poll with its own message.
            return false;
        }
    }
}
