using Elsa.Extensions;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Models;
using Elsa.Workflows.Options;
using Elsa.Workflows.State;
using ElsaWorkspaceAgents.Activities;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Activities;

/// <summary>
/// Wait For Agent Result alone: it must suspend on an Elsa.Delay bookmark instead of holding a thread, keep its state
/// in the persisted workflow state (so a different process can resume it), and end in Succeeded, Failed or Timed Out.
/// </summary>
public sealed class WaitForAgentResultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestEmulator emulator = null!;
    private readonly RecordingWorkflowScheduler scheduler = new();

    /// <summary>The pack with Elsa.Scheduling's scheduler replaced by a recorder: these tests resume bookmarks themselves.</summary>
    private WorkflowTestFixture Fixture(Action<Core.Connections.WorkspaceAgentsOptions>? configure = null) =>
        ElsaTestFixtures.Workflows(output, emulator, configure).ConfigureElsa(elsa => elsa.UseScheduling(s => s.WorkflowScheduler = _ => scheduler));

    public async Task InitializeAsync()
    {
        // DocsGPT tasks take about a second here, so the first status check always finds them unfinished.
        var timings = EmulatorTimings.Fast();
        timings.DocsGptStepDelay = TimeSpan.FromMilliseconds(300);
        emulator = await TestEmulator.StartAsync(timings);
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private async Task<string> StartDocsGptTaskAsync(string connection = "docsgpt")
    {
        var fixture = await Fixture(FailingConnection).BuildAsync();
        var outcome = await fixture.Services.GetRequiredService<IAgentTriggerService>().TriggerAsync(new AgentTriggerRequest
        {
            Input = "What is the refund policy?", IdempotencyKey = IdempotencyKey.Derive("docs-portal", "question.asked", Guid.NewGuid().ToString()),
        }, connection);
        Assert.True(outcome.IsAccepted, outcome.Detail);
        return outcome.RunId!;
    }

    private void FailingConnection(Core.Connections.WorkspaceAgentsOptions options) => options.Connections["docsgpt-failing"] = new()
    {
        Platform = AgentPlatform.DocsGpt, BaseUrl = emulator.BaseAddress, Token = Emulator.Fixtures.DemoFixture.DocsGptFailingToken,
    };

    private static Workflow WaitWorkflow(string runId, string connection = "docsgpt", TimeSpan? timeout = null)
    {
        var wait = new WaitForAgentResult
        {
            Id = "wait1",
            Connection = new(connection),
            RunId = new(runId),
            PollInterval = new(TimeSpan.FromMilliseconds(100)),
            MaxPollInterval = new(TimeSpan.FromMilliseconds(400)),
            Timeout = new(timeout ?? TimeSpan.FromSeconds(30)),
        };
        return new Workflow(wait) { Id = "durable-wait-workflow", Identity = new("durable-wait", 1, "durable-wait:1") };
    }

    [Fact]
    public async Task An_unfinished_run_suspends_the_workflow_on_an_Elsa_Delay_bookmark_instead_of_blocking()
    {
        var runId = await StartDocsGptTaskAsync();
        var fixture = Fixture();

        var started = DateTimeOffset.UtcNow;
        var result = await fixture.RunActivityAsync(WaitWorkflow(runId));

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(5), "the first check must return at once");
        Assert.Equal(WorkflowStatus.Running, result.WorkflowState.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, result.WorkflowState.SubStatus);
        var bookmark = Assert.Single(result.WorkflowState.Bookmarks);
        Assert.Equal("Elsa.Delay", bookmark.Name);

        // The wait's own state travels with the workflow state (absolute deadline, next interval, run ID).
        var activityState = Assert.Single(result.WorkflowState.ActivityExecutionContexts, c => c.ScheduledActivityNodeId.EndsWith("wait1"));
        Assert.Contains(WaitForAgentResult.StateProperty, activityState.Properties.Keys);

        // Elsa.Scheduling was asked to resume exactly that bookmark after the poll interval: no thread waits meanwhile.
        var resumption = await EventuallyAsync(() => scheduler.Resumptions.FirstOrDefault(r => r.BookmarkId == bookmark.Id));
        Assert.InRange(resumption.At, started, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    private static async Task<(string BookmarkId, DateTimeOffset At)> EventuallyAsync(Func<(string BookmarkId, DateTimeOffset At)> probe)
    {
        for (var i = 0; i < 100; i++)
        {
            var value = probe();
            if (value.BookmarkId is not null)
            {
                return value;
            }

            await Task.Delay(50);
        }

        Assert.Fail("Elsa.Scheduling was not asked to resume the bookmark.");
        return default;
    }

    [Fact]
    public async Task The_wait_resumes_in_another_process_from_serialized_state_and_completes_with_Succeeded()
    {
        var runId = await StartDocsGptTaskAsync();

        // "Process" 1: first check, then suspend. Only the serialized state survives.
        var first = Fixture();
        var result = await first.RunActivityAsync(WaitWorkflow(runId));
        var serialized = first.Services.GetRequiredService<IWorkflowStateSerializer>().Serialize(result.WorkflowState);
        Assert.Equal(WorkflowSubStatus.Suspended, result.WorkflowState.SubStatus);

        // "Process" 2: a new service provider resumes the Elsa.Delay bookmark, as Elsa.Scheduling does at its due time.
        var second = await Fixture().BuildAsync();
        var runner = second.Services.GetRequiredService<IWorkflowRunner>();
        var serializer = second.Services.GetRequiredService<IWorkflowStateSerializer>();
        var state = serializer.Deserialize(serialized);
        var resumes = 0;
        while (state.Status != WorkflowStatus.Finished)
        {
            Assert.True(++resumes < 100, "the wait never finished");
            var bookmark = Assert.Single(state.Bookmarks);
            Assert.Equal("Elsa.Delay", bookmark.Name);
            await Task.Delay(150);
            result = await runner.RunAsync(WaitWorkflow(runId), state, new RunWorkflowOptions { BookmarkId = bookmark.Id });
            state = serializer.Deserialize(serializer.Serialize(result.WorkflowState));
        }

        var wait = (WaitForAgentResult)result.Workflow.Root;
        Assert.True(result.Journal.ActivityExecutionContexts.Single(c => c.Activity.Id == wait.Id).HasOutcome("Succeeded"));
        Assert.Equal("SUCCESS", result.Text(wait, "Status"));

        // The answer text is the main output; the whole result travels as JSON in its own output.
        Assert.Equal("DocsGPT agent demo-agent answered: What is the refund policy?", result.Text(wait, "AgentOutput"));
        using (var json = System.Text.Json.JsonDocument.Parse(result.Text(wait, "ResultJson")!))
        {
            Assert.Equal("success", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(result.Text(wait, "AgentOutput"), json.RootElement.GetProperty("result").GetProperty("answer").GetString());
        }

        Assert.Single(emulator.Host.State.DocsGpt.Tasks);
    }

    [Fact]
    public async Task A_failed_task_takes_Failed_with_the_platform_error()
    {
        var runId = await StartDocsGptTaskAsync("docsgpt-failing");
        var fixture = await Fixture(FailingConnection).BuildAsync();
        var state = await ResumeUntilFinishedAsync(fixture, WaitWorkflow(runId, "docsgpt-failing"));
        Assert.True(state.Outcomes.Contains("Failed"), string.Join(",", state.Outcomes));
        Assert.Contains("Simulated agent failure", state.Error);
    }

    [Fact]
    public async Task Past_the_deadline_it_takes_Timed_Out()
    {
        // Celery (and the emulator) report a task ID they have never seen as PENDING for ever: it never finishes.
        var fixture = await Fixture().BuildAsync();
        var state = await ResumeUntilFinishedAsync(fixture, WaitWorkflow(Guid.NewGuid().ToString(), timeout: TimeSpan.FromMilliseconds(300)));
        Assert.True(state.Outcomes.Contains("Timed Out"), string.Join(",", state.Outcomes));
        Assert.Contains("did not finish before the deadline", state.Error);
    }

    [Fact]
    public async Task Workspace_Agents_has_no_status_api_and_the_wait_says_to_verify_in_the_destination()
    {
        var fixture = await Fixture().BuildAsync();
        var wait = WaitWorkflow(runId: "", connection: "default");
        var result = await fixture.RunActivityAsync(wait);
        Assert.Equal(WorkflowStatus.Finished, result.WorkflowState.Status);
        var root = (WaitForAgentResult)result.Workflow.Root;
        Assert.True(result.Journal.ActivityExecutionContexts.Single(c => c.Activity.Id == root.Id).HasOutcome("Failed"));
        Assert.Contains("verify the agent's work in its destination", result.Text(root, "Error"));
    }

    [Fact]
    public async Task A_gpt_workbench_run_a_newer_call_hides_waits_for_its_callback_instead_of_failing()
    {
        void Connections(Core.Connections.WorkspaceAgentsOptions options) => options.Connections["gpt-workbench-polling"] = new()
        {
            Platform = AgentPlatform.GptWorkbench, BaseUrl = emulator.BaseAddress, Token = Emulator.Fixtures.DemoFixture.GptWorkbenchToken,
        };
        var services = await Fixture(Connections).BuildAsync();
        var triggers = services.Services.GetRequiredService<IAgentTriggerService>();
        var older = await triggers.TriggerAsync(new AgentTriggerRequest { Input = "older prompt", IdempotencyKey = "ik1_" + Guid.NewGuid().ToString("N") }, "gpt-workbench");
        var newer = await triggers.TriggerAsync(new AgentTriggerRequest { Input = "newer prompt", IdempotencyKey = "ik1_" + Guid.NewGuid().ToString("N") }, "gpt-workbench");
        Assert.True(older.IsAccepted && newer.IsAccepted);

        // With a callback secret (the sample's gpt-workbench connection): superseded for polling, so it waits for the callback.
        var fixture = Fixture(Connections);
        var workflow = WaitWorkflow(older.RunId!, "gpt-workbench");
        var waiting = await fixture.RunActivityAsync(workflow);
        var wait = (WaitForAgentResult)waiting.Workflow.Root;
        Assert.Equal(WorkflowSubStatus.Suspended, waiting.WorkflowState.SubStatus);
        Assert.Equal("superseded", waiting.Text(wait, "Status"));
        Assert.Contains("Waiting for the run's completion callback", waiting.Text(wait, "Error"));
        Assert.Contains(waiting.WorkflowState.Bookmarks, b => b.Name == "Elsa.Delay");
        var callback = Assert.Single(waiting.WorkflowState.Bookmarks, b => b.Name == wait.Type);
        Assert.Equal(Callbacks.AgentCallbackStimulus.For("gpt-workbench", older.RunId!), callback.Payload);

        // The callback's snapshot resumes that bookmark: Succeeded with the run's own answer, and no bookmark is left.
        var snapshot = new Core.Runs.RunSnapshot
        {
            RunId = older.RunId!, State = Core.Runs.RunState.Succeeded, RawStatus = "completed", Output = "answer to the older prompt",
            Answer = "answer to the older prompt", ResultJson = "{\"jobId\":\"" + older.RunId + "\"}", ObservedAt = DateTimeOffset.UtcNow,
        };
        var runner = (await fixture.BuildAsync()).Services.GetRequiredService<IWorkflowRunner>();
        var resumed = await runner.RunAsync(workflow, waiting.WorkflowState, new RunWorkflowOptions
        {
            BookmarkId = callback.Id,
            Input = new Dictionary<string, object> { [Callbacks.WorkflowCallbackHandler.InputKey] = System.Text.Json.JsonSerializer.Serialize(snapshot, WaitForAgentResult.StateJson) },
        });
        Assert.Equal(WorkflowStatus.Finished, resumed.WorkflowState.Status);
        Assert.True(resumed.Journal.ActivityExecutionContexts.Last(c => c.Activity.Id == wait.Id).HasOutcome("Succeeded"));
        Assert.Equal("answer to the older prompt", resumed.Text(wait, "AgentOutput"));
        Assert.Contains(older.RunId!, resumed.Text(wait, "ResultJson"));
        Assert.Empty(resumed.WorkflowState.Bookmarks);

        // Without one, polling is all there is: the run can no longer be observed, so it fails at once, as before.
        var polling = await Fixture(Connections).RunActivityAsync(WaitWorkflow(older.RunId!, "gpt-workbench-polling"));
        var pollingWait = (WaitForAgentResult)polling.Workflow.Root;
        Assert.Equal(WorkflowStatus.Finished, polling.WorkflowState.Status);
        Assert.True(polling.Journal.ActivityExecutionContexts.Single(c => c.Activity.Id == pollingWait.Id).HasOutcome("Failed"));
        Assert.Empty(polling.WorkflowState.Bookmarks);
    }

    /// <summary>Runs the workflow and resumes each Elsa.Delay bookmark after a short pause until it finishes.</summary>
    private static async Task<(IReadOnlyList<string> Outcomes, string? Error)> ResumeUntilFinishedAsync(WorkflowTestFixture fixture, Workflow workflow)
    {
        var runner = fixture.Services.GetRequiredService<IWorkflowRunner>();
        var result = await runner.RunAsync(workflow);
        for (var i = 0; result.WorkflowState.Status != WorkflowStatus.Finished; i++)
        {
            Assert.True(i < 100, "the wait never finished");
            await Task.Delay(150);
            var bookmark = Assert.Single(result.WorkflowState.Bookmarks);
            result = await runner.RunAsync(workflow, result.WorkflowState, new RunWorkflowOptions { BookmarkId = bookmark.Id });
        }

        var root = (WaitForAgentResult)workflow.Root;
        var context = result.Journal.ActivityExecutionContexts.Last(c => c.Activity.Id == root.Id);
        return (context.GetOutcomes().ToArray(), result.Text(root, "Error"));
    }
}
