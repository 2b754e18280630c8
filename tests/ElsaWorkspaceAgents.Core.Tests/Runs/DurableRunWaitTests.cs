using System.Runtime.CompilerServices;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Core.Tests.Runs;

/// <summary>The poll-once-and-decide logic a workflow engine persists between scheduled resumptions.</summary>
public sealed class DurableRunWaitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 18, 1, 1, 1, TimeSpan.Zero);

    private static RunWaitOptions Options(double intervalSeconds = 1, double maxSeconds = 4, double timeoutSeconds = 60) => new()
    {
        InitialPollInterval = TimeSpan.FromSeconds(intervalSeconds),
        MaxPollInterval = TimeSpan.FromSeconds(maxSeconds),
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    private static RunSnapshot Snapshot(RunState state, string raw, string? output = null, string? error = null) => new()
    {
        RunId = "task_1", State = state, RawStatus = raw, Output = output, Error = error, ObservedAt = T0,
    };

    [Fact]
    public void Start_fixes_an_absolute_deadline_and_defaults_the_connection()
    {
        var state = DurableRunWait.Start(null, " task_1 ", Options(timeoutSeconds: 90), T0);
        Assert.Equal(WorkspaceAgentsOptions.DefaultConnectionName, state.ConnectionName);
        Assert.Equal("task_1", state.RunId);
        Assert.Equal(T0.AddSeconds(90), state.Deadline);
        Assert.Equal(TimeSpan.FromSeconds(1), state.NextInterval);
    }

    [Fact]
    public void Start_clamps_a_too_short_interval_and_a_max_below_it()
    {
        var state = DurableRunWait.Start("docs", "t", new RunWaitOptions
        {
            InitialPollInterval = TimeSpan.Zero, MaxPollInterval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(5),
        }, T0);
        Assert.Equal(DurableRunWait.MinimumPollInterval, state.NextInterval);
        Assert.Equal(DurableRunWait.MinimumPollInterval, state.MaxInterval);
    }

    [Fact]
    public void Not_finished_polls_again_with_a_doubling_interval_capped_at_the_maximum()
    {
        var state = DurableRunWait.Start("docs", "task_1", Options(), T0);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var step = DurableRunWait.Decide(state, Snapshot(RunState.Running, "STARTED"), null, T0);
            Assert.Equal(RunWaitVerdict.PollAgain, step.Verdict);
            delays.Add(step.PollAgainIn!.Value);
            state = step.State;
        }

        Assert.Equal([1, 2, 4, 4, 4], delays.Select(d => d.TotalSeconds));
        Assert.Equal(5, state.Polls);
        Assert.Equal("STARTED", state.LastStatus);
    }

    [Fact]
    public void The_next_poll_never_lands_after_the_deadline()
    {
        var state = DurableRunWait.Start("docs", "task_1", Options(intervalSeconds: 10, maxSeconds: 10, timeoutSeconds: 15), T0);
        var step = DurableRunWait.Decide(state, Snapshot(RunState.Queued, "PENDING"), null, T0.AddSeconds(12));
        Assert.Equal(TimeSpan.FromSeconds(3), step.PollAgainIn);
    }

    [Fact]
    public void Terminal_states_end_the_wait_with_output_or_error()
    {
        var state = DurableRunWait.Start("docs", "task_1", Options(), T0);
        var succeeded = DurableRunWait.Decide(state, Snapshot(RunState.Succeeded, "SUCCESS", output: "42"), null, T0);
        Assert.Equal(RunWaitVerdict.Succeeded, succeeded.Verdict);
        Assert.Equal("42", succeeded.Snapshot!.Output);
        Assert.Equal("SUCCESS", succeeded.Status);

        var failed = DurableRunWait.Decide(state, Snapshot(RunState.Failed, "FAILURE", error: "boom"), null, T0);
        Assert.Equal(RunWaitVerdict.Failed, failed.Verdict);
        Assert.Equal("boom", failed.Error);
    }

    [Fact]
    public void A_terminal_answer_wins_over_a_passed_deadline()
    {
        var state = DurableRunWait.Start("docs", "task_1", Options(timeoutSeconds: 1), T0);
        var step = DurableRunWait.Decide(state, Snapshot(RunState.Succeeded, "SUCCESS"), null, T0.AddHours(1));
        Assert.Equal(RunWaitVerdict.Succeeded, step.Verdict);
    }

    [Fact]
    public void After_the_deadline_an_unfinished_run_times_out_naming_the_last_status()
    {
        var state = DurableRunWait.Start("docs", "task_1", Options(timeoutSeconds: 5), T0);
        state = DurableRunWait.Decide(state, Snapshot(RunState.Running, "PROGRESS"), null, T0).State;
        var step = DurableRunWait.Decide(state, snapshot: null, "DocsGpt status read failed: Could not connect to the platform.", T0.AddSeconds(5));
        Assert.Equal(RunWaitVerdict.TimedOut, step.Verdict);
        Assert.Contains("PROGRESS", step.Error);
        Assert.Contains("Could not connect", step.Error);
    }

    [Fact]
    public async Task No_run_id_fails_at_once_and_says_to_verify_in_the_destination()
    {
        var tracker = new ScriptedTracker();
        var step = await DurableRunWait.PollAsync(tracker, DurableRunWait.Start("default", null, Options(), T0), () => T0);
        Assert.Equal(RunWaitVerdict.Failed, step.Verdict);
        Assert.Contains("verify the agent's work in its destination", step.Error);
        Assert.Equal(0, tracker.Calls);
    }

    [Fact]
    public async Task A_transient_read_failure_polls_again_and_a_permanent_one_fails()
    {
        var state = DurableRunWait.Start("docs", "task_1", Options(), T0);
        var transient = await DurableRunWait.PollAsync(new ScriptedTracker(new RunTrackingException("no answer", 503, isTransient: true)), state, () => T0);
        Assert.Equal(RunWaitVerdict.PollAgain, transient.Verdict);
        Assert.Equal("no answer", transient.Error);

        var permanent = await DurableRunWait.PollAsync(new ScriptedTracker(new RunTrackingException("Task is unknown", 404)), state, () => T0);
        Assert.Equal(RunWaitVerdict.Failed, permanent.Verdict);
        Assert.Equal("Task is unknown", permanent.Error);

        var unknownConnection = await DurableRunWait.PollAsync(new ScriptedTracker(new AgentInputException("No agent connection named 'x'")), state, () => T0);
        Assert.Equal(RunWaitVerdict.Failed, unknownConnection.Verdict);
    }

    [Fact]
    public async Task Against_the_emulator_a_DocsGpt_task_is_followed_to_SUCCESS_one_poll_at_a_time()
    {
        await using var emulator = new EmulatorServer();
        await emulator.InitializeAsync();
        await using var services = TestServices.Build(options => options.Connections["docs"] = new AgentConnection
        {
            Platform = AgentPlatform.DocsGpt, BaseUrl = emulator.BaseAddress, Token = DemoFixture.DocsGptToken,
        });
        var outcome = await services.GetRequiredService<IAgentTriggerService>().TriggerAsync(new AgentTriggerRequest
        {
            Input = "What is the refund policy?", IdempotencyKey = "ik1_durable_wait_test",
        }, "docs");
        Assert.True(outcome.IsAccepted, outcome.Detail);

        var tracker = services.GetRequiredService<IAgentRunTracker>();
        var step = new RunWaitStep
        {
            Verdict = RunWaitVerdict.PollAgain,
            State = DurableRunWait.Start("docs", outcome.RunId, new RunWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(30) }, DateTimeOffset.UtcNow),
        };
        while (step.Verdict == RunWaitVerdict.PollAgain)
        {
            await Task.Delay(step.PollAgainIn ?? TimeSpan.Zero);
            step = await DurableRunWait.PollAsync(tracker, step.State, () => DateTimeOffset.UtcNow);
        }

        Assert.Equal(RunWaitVerdict.Succeeded, step.Verdict);
        Assert.Equal("SUCCESS", step.Status);
        Assert.False(string.IsNullOrEmpty(step.Snapshot!.Output));
    }

    [Fact]
    public async Task Against_the_emulator_Workspace_Agents_fails_the_wait_because_it_has_no_status_api()
    {
        await using var emulator = new EmulatorServer();
        await emulator.InitializeAsync();
        await using var services = TestServices.Build(options => options.Connections["default"] = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents, BaseUrl = emulator.BaseAddress, TriggerId = DemoFixture.DemoChannel, Token = DemoFixture.WorkspaceAgentsToken,
        });
        var tracker = services.GetRequiredService<IAgentRunTracker>();
        var step = await DurableRunWait.PollAsync(tracker, DurableRunWait.Start("default", "anything", new RunWaitOptions(), DateTimeOffset.UtcNow), () => DateTimeOffset.UtcNow);
        Assert.Equal(RunWaitVerdict.Failed, step.Verdict);
        Assert.Contains("destination", step.Error);
    }

    [Fact]
    public async Task Against_the_emulator_an_unknown_writer_job_fails_rather_than_waiting_for_the_deadline()
    {
        await using var emulator = new EmulatorServer();
        await emulator.InitializeAsync();
        await using var services = TestServices.Build(options => options.Connections["writer"] = new AgentConnection
        {
            Platform = AgentPlatform.Writer, BaseUrl = emulator.BaseAddress, Token = DemoFixture.WriterApiKey,
            AgentId = DemoFixture.WriterAgentId, BlueprintId = DemoFixture.WriterTextBlueprint,
        });
        var tracker = services.GetRequiredService<IAgentRunTracker>();
        var step = await DurableRunWait.PollAsync(tracker, DurableRunWait.Start("writer", "no-such-job", new RunWaitOptions(), DateTimeOffset.UtcNow), () => DateTimeOffset.UtcNow);
        Assert.Equal(RunWaitVerdict.Failed, step.Verdict);
    }

    /// <summary>Answers every status read with one scripted result.</summary>
    private sealed class ScriptedTracker(Exception? error = null) : IAgentRunTracker
    {
        public int Calls { get; private set; }

        public Task<RunSnapshot> GetStatusAsync(string connectionName, string runId, CancellationToken cancellationToken = default)
        {
            Calls++;
            return error is null ? Task.FromResult(Snapshot(RunState.Running, "STARTED")) : Task.FromException<RunSnapshot>(error);
        }

        public async IAsyncEnumerable<RunSnapshot> WatchAsync(string connectionName, string runId, RunWaitOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return await GetStatusAsync(connectionName, runId, cancellationToken);
        }

        public Task<RunSnapshot> WaitAsync(string connectionName, string runId, RunWaitOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStatusAsync(connectionName, runId, cancellationToken);
    }

    [Fact]
    public void A_run_the_platform_no_longer_reports_ends_the_wait_as_failed_with_the_reason()
    {
        var state = DurableRunWait.Start("gw", "job_1", Options(timeoutSeconds: 600), T0);
        var snapshot = Snapshot(RunState.Unknown, "superseded", error: "only the execution logs show it") with { NoLongerObservable = true };

        var step = DurableRunWait.Decide(state, snapshot, null, T0.AddSeconds(1));

        Assert.Equal(RunWaitVerdict.Failed, step.Verdict);
        Assert.Equal("only the execution logs show it", step.Error);
    }
}
