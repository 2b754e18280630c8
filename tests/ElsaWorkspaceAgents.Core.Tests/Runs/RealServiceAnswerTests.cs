using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Runs;

/// <summary>
/// What real services send beyond the seeds' examples (extra fields, other field names and status words, 503 while
/// no worker runs, unknown IDs), and the answer text and result JSON each platform's result gives, against the emulator.
/// </summary>
public sealed class RealServiceAnswerTests : EmulatorTest
{
    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Retry.MaxAttempts = 2;
        options.Connections["docs"] = new AgentConnection { Platform = AgentPlatform.DocsGpt, BaseUrl = Emulator.BaseAddress, Token = DemoFixture.DocsGptToken };
        options.Connections["writer"] = Writer(DemoFixture.WriterTextBlueprint);
        options.Connections["writer-json"] = Writer(DemoFixture.WriterJsonBlueprint);
        options.Connections["writer-error"] = Writer(DemoFixture.WriterErrorBlueprint);
        options.Connections["workbench"] = new AgentConnection { Platform = AgentPlatform.GptWorkbench, BaseUrl = Emulator.BaseAddress, Token = DemoFixture.GptWorkbenchToken };
        options.Connections["agents"] = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents, BaseUrl = Emulator.BaseAddress, Token = DemoFixture.WorkspaceAgentsToken,
            TriggerId = DemoFixture.DemoChannel, OutputDestination = DemoFixture.DemoDestination,
        };
    }

    private AgentConnection Writer(string blueprint) => new()
    {
        Platform = AgentPlatform.Writer, BaseUrl = Emulator.BaseAddress, Token = DemoFixture.WriterApiKey,
        AgentId = DemoFixture.WriterAgentId, BlueprintId = blueprint,
    };

    private IAgentTriggerService Triggers => Services.GetRequiredService<IAgentTriggerService>();

    private IAgentRunTracker Runs => Services.GetRequiredService<IAgentRunTracker>();

    [Fact]
    public async Task A_docsgpt_trigger_answer_with_extra_fields_still_gives_the_task_id()
    {
        // The emulator answers as DocsGPT's Flask handler does: {"success": true, "task_id": …}, not the seed's bare {"task_id"}.
        using var raw = await Emulator.Admin.PostAsync("api/webhooks/agents/" + DemoFixture.DocsGptToken,
            new StringContent("{\"question\":\"shape?\"}", Encoding.UTF8, "application/json"));
        var shape = await raw.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(shape.GetProperty("success").GetBoolean());

        var outcome = await Triggers.TriggerAsync(Request("What is our refund policy?"), "docs");

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Null(outcome.Detail);
        Assert.Equal(outcome.RunId, (await Emulator.GetJsonAsync("_emulator/docsgpt/tasks/" + outcome.RunId)).GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task A_docsgpt_result_gives_the_answer_text_and_the_whole_result_as_json()
    {
        var outcome = await Triggers.TriggerAsync(Request("What is our refund policy?"), "docs");

        var done = await Runs.WaitAsync("docs", outcome.RunId!, FastWait);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal("DocsGPT agent demo-agent answered: What is our refund policy?", done.Answer);
        using var json = JsonDocument.Parse(done.ResultJson!);
        Assert.Equal("success", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(done.Answer, json.RootElement.GetProperty("result").GetProperty("answer").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("result").GetProperty("sources").GetArrayLength());
    }

    [Fact]
    public async Task Task_status_answering_503_while_no_worker_picked_the_task_up_is_waited_out()
    {
        await Emulator.PutAdminAsync("_emulator/docsgpt/workers", new { available = false, unpickedTaskStatusCode = 503 });
        var outcome = await Triggers.TriggerAsync(Request("Is anyone there?"), "docs");
        Assert.True(outcome.IsAccepted, outcome.Detail);

        // One read: transient, so a durable waiter polls again instead of failing.
        var read = await Assert.ThrowsAsync<RunTrackingException>(() => Runs.GetStatusAsync("docs", outcome.RunId!));
        Assert.True(read.IsTransient);
        Assert.Equal(503, read.HttpStatus);
        var state = DurableRunWait.Start("docs", outcome.RunId, FastWait, DateTimeOffset.UtcNow);
        var step = await DurableRunWait.PollAsync(Runs, state, () => DateTimeOffset.UtcNow);
        Assert.Equal(RunWaitVerdict.PollAgain, step.Verdict);
        Assert.Contains("503", step.Error);

        // A watch keeps going through the 503s and ends with the answer once a worker takes the task.
        var waiting = Runs.WaitAsync("docs", outcome.RunId!, FastWait);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await Emulator.PutAdminAsync("_emulator/docsgpt/workers", new { available = true });
        var done = await waiting;

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal("DocsGPT agent demo-agent answered: Is anyone there?", done.Answer);
    }

    [Fact]
    public async Task An_unknown_task_id_stays_pending_and_the_deadline_ends_it_with_a_hint_to_check_the_id()
    {
        const string unknown = "00000000-0000-0000-0000-00000000beef";
        var wait = new RunWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(50), MaxPollInterval = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromMilliseconds(400) };

        var last = await Runs.WaitAsync("docs", unknown, wait);

        Assert.Equal(RunState.Queued, last.State);
        Assert.Equal("PENDING", last.RawStatus);
        Assert.Contains("check that " + unknown, last.Hint);

        // The durable waiter (Elsa's) says the same at its deadline.
        var state = DurableRunWait.Start("docs", unknown, wait, DateTimeOffset.UtcNow);
        RunWaitStep step;
        do
        {
            step = await DurableRunWait.PollAsync(Runs, state, () => DateTimeOffset.UtcNow);
            state = step.State;
            if (step.PollAgainIn is { } delay)
            {
                await Task.Delay(delay);
            }
        }
        while (step.Verdict == RunWaitVerdict.PollAgain);

        Assert.Equal(RunWaitVerdict.TimedOut, step.Verdict);
        Assert.Contains("the last status was PENDING", step.Error);
        Assert.Contains("check that " + unknown + " is the task_id the trigger returned", step.Error);
    }

    [Fact]
    public async Task Writer_jobs_answering_with_id_and_the_statuses_in_progress_and_failed_are_followed()
    {
        await Emulator.ResetAsync(f => { f.Writer.JobIdField = "id"; f.Writer.FailedJobStatus = "failed"; });

        // Long enough a step that the watch sees the job while it is in_progress.
        Emulator.Host.Services.GetRequiredService<ElsaWorkspaceAgents.Emulator.Hosting.EmulatorTimings>().WriterJobStepDelay = TimeSpan.FromMilliseconds(600);
        var created = await Triggers.TriggerAsync(Request("route this"), "writer");
        var failing = await Triggers.TriggerAsync(Request("fail this"), "writer-error");

        Assert.True(created.IsAccepted, created.Detail);
        Assert.Null(created.Detail);
        var job = await Emulator.GetJsonAsync("_emulator/writer/jobs/" + created.RunId);
        Assert.Equal(created.RunId, job.GetProperty("jobId").GetString());
        var statuses = new List<string>();
        await foreach (var snapshot in Runs.WatchAsync("writer", created.RunId!, FastWait))
        {
            statuses.Add(snapshot.RawStatus);
        }

        var failed = await Runs.WaitAsync("writer-error", failing.RunId!, FastWait);

        Assert.Contains("in_progress", statuses);
        Assert.Equal("completed", statuses[^1]);
        Assert.Equal(RunState.Failed, failed.State);
        Assert.Equal("failed", failed.RawStatus);
        Assert.False(string.IsNullOrEmpty(failed.Error));
        Assert.Null(failed.Answer);
    }

    [Fact]
    public async Task Writer_results_give_the_artifact_text_and_its_parsed_json()
    {
        var text = await Triggers.TriggerAsync(Request("route this"), "writer");
        var json = await Triggers.TriggerAsync(Request("x", structured: Json("{\"document_id\":\"D-7\"}")), "writer-json");

        var textDone = await Runs.WaitAsync("writer", text.RunId!, FastWait);
        var jsonDone = await Runs.WaitAsync("writer-json", json.RunId!, FastWait);

        Assert.Equal(DemoFixture.WriterTextReturnValue, textDone.Answer);
        Assert.Null(textDone.ResultJson);
        Assert.Equal(jsonDone.Output, jsonDone.Answer);
        using var parsed = JsonDocument.Parse(jsonDone.ResultJson!);
        Assert.Equal("D-7", parsed.RootElement.GetProperty("document_id").GetString());
        Assert.Equal("accounting", parsed.RootElement.GetProperty("routed_to").GetString());
    }

    [Fact]
    public async Task A_gpt_workbench_result_gives_the_response_and_the_execution_as_json()
    {
        var outcome = await Triggers.TriggerAsync(Request("Summarise the open tickets"), "workbench");

        var done = await Runs.WaitAsync("workbench", outcome.RunId!, FastWait);

        Assert.Equal("GPT Workbench response to: Summarise the open tickets", done.Answer);
        using var json = JsonDocument.Parse(done.ResultJson!);
        Assert.Equal(outcome.RunId, json.RootElement.GetProperty("jobId").GetString());
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_workspace_agents_202_with_a_json_body_exposes_its_run_id_and_the_empty_202_stays_normal()
    {
        var plain = await Triggers.TriggerAsync(Request("Request ID: PLAIN-1"), "agents");
        await Emulator.ResetAsync(f => f.WorkspaceAgents.AcceptedBodyWithRunId = true);

        var withBody = await Triggers.TriggerAsync(Request("Request ID: BODY-1"), "agents");

        Assert.Equal(TriggerOutcomeKind.Accepted, plain.Kind);
        Assert.Null(plain.RunId);
        Assert.Equal(TriggerOutcomeKind.Accepted, withBody.Kind);
        var runs = await Emulator.GetJsonAsync("_emulator/runs");
        Assert.Equal(runs[0].GetProperty("runId").GetString(), withBody.RunId);
        Assert.Equal("queued", withBody.RunStatus);
    }
}
