using Elsa.Testing.Shared;
using Elsa.Workflows;
using ElsaWorkspaceAgents.Activities;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.ElsaTests.Activities;

/// <summary>Trigger Workspace Agent and Trigger Agent alone, against the emulator over real HTTP: every outcome and output.</summary>
public sealed class TriggerActivityTests : IAsyncLifetime
{
    private TestEmulator emulator = null!;

    public async Task InitializeAsync() => emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private static TriggerWorkspaceAgent WorkspaceAgent(string requestId, string? key = null, string connection = "default") => new()
    {
        Connection = new(connection),
        InputText = new($"Source event from helpdesk: ticket.created\nRequest ID: {requestId}\nEvent ID: {requestId}\n"),
        IdempotencyKey = new(key ?? IdempotencyKey.Derive("helpdesk", "ticket.created", requestId)),
        RequestId = new(requestId),
    };

    private Task<ActivityExecutionContext> RunAsync(IActivity activity, Action<WorkspaceAgentsOptions>? configure = null) =>
        new ActivityTestFixture(activity).WithAgents(emulator, configure).ExecuteAsync();

    [Fact]
    public async Task Accepted_sets_the_outputs_and_the_agent_writes_to_its_destination()
    {
        var requestId = "DEMO-20260618010101";
        var activity = WorkspaceAgent(requestId);
        var context = await RunAsync(activity);

        Assert.True(context.HasOutcome("Accepted"));
        Assert.Equal(202, context.Output("HttpStatus"));
        Assert.Equal(requestId, context.Text("SourceRequestId"));
        Assert.Equal(IdempotencyKey.Derive("helpdesk", "ticket.created", requestId), context.Text("SentIdempotencyKey"));
        Assert.Null(context.Output("RunId"));
        Assert.IsType<DateTimeOffset>(context.Output("Timestamp"));
        Assert.Equal("Accepted", context.Text("Outcome"));
        Assert.Contains("verify the result in the configured destination", context.Text("Guidance"));

        var write = await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, requestId);
        Assert.Equal($"Workspace Agent API demo received: {requestId}", write);
    }

    [Theory]
    [InlineData(DemoFixture.RevokedToken, DemoFixture.DemoChannel, "Unauthorized", 401, "Admin > Access tokens")]
    [InlineData(DemoFixture.UnsharedToken, DemoFixture.DemoChannel, "Forbidden", 403, "Share the agent")]
    [InlineData(DemoFixture.WorkspaceAgentsToken, "agtch_missing", "Not Found", 404, "agtch_")]
    [InlineData(DemoFixture.WorkspaceAgentsToken, DemoFixture.InactiveChannel, "Conflict", 409, "publish the agent")]
    public async Task Refusals_take_their_outcome_with_the_status_and_the_documented_guidance(string token, string channel, string outcome, int status, string guidance)
    {
        var activity = WorkspaceAgent("DEMO-REFUSED");
        var context = await RunAsync(activity, o =>
        {
            o.Connections["default"].Token = token;
            o.Connections["default"].TriggerId = channel;
        });

        Assert.True(context.HasOutcome(outcome), string.Join(",", context.GetOutcomes()));
        Assert.Equal(status, context.Output("HttpStatus"));
        Assert.Contains(guidance, context.Text("Guidance"));
        Assert.DoesNotContain(token, context.Text("Detail") ?? string.Empty);
    }

    [Fact]
    public async Task A_long_Retry_After_takes_Rate_Limited()
    {
        await emulator.SetChaosAsync(new { mode = "rate_limit", retryAfterSeconds = 3600, count = 1 });
        var context = await RunAsync(WorkspaceAgent("DEMO-RATE"));
        Assert.True(context.HasOutcome("Rate Limited"));
        Assert.Equal(429, context.Output("HttpStatus"));
    }

    [Fact]
    public async Task A_persistent_server_error_takes_Failed_after_the_retry_budget()
    {
        await emulator.SetChaosAsync(new { mode = "server_error", statusCode = 503 });
        var context = await RunAsync(WorkspaceAgent("DEMO-FAILED"));
        Assert.True(context.HasOutcome("Failed"));
        Assert.Equal(503, context.Output("HttpStatus"));
        Assert.Contains("same idempotency key", context.Text("Guidance"));
    }

    [Fact]
    public async Task An_empty_idempotency_key_is_routed_to_Invalid_Input_not_thrown_and_nothing_is_sent()
    {
        var context = await RunAsync(WorkspaceAgent("DEMO-NOKEY", key: ""));
        Assert.True(context.HasOutcome("Invalid Input"));
        Assert.Null(context.Output("HttpStatus"));
        Assert.Empty(await emulator.RunsAsync());
    }

    [Fact]
    public async Task An_empty_input_is_routed_to_Invalid_Input()
    {
        var activity = WorkspaceAgent("DEMO-EMPTY");
        activity.InputText = new("  ");
        var context = await RunAsync(activity);
        Assert.True(context.HasOutcome("Invalid Input"));
        Assert.Contains("empty", context.Text("Detail"));
    }

    [Fact]
    public async Task An_unknown_connection_or_one_of_another_platform_is_Invalid_Input()
    {
        var unknown = await RunAsync(WorkspaceAgent("DEMO-X", connection: "nope"));
        Assert.True(unknown.HasOutcome("Invalid Input"));
        Assert.Contains("No agent connection named 'nope'", unknown.Text("Detail"));

        var docs = await RunAsync(WorkspaceAgent("DEMO-X", connection: "docsgpt"));
        Assert.True(docs.HasOutcome("Invalid Input"));
        Assert.Contains("Use Trigger Agent", docs.Text("Detail"));
    }

    [Fact]
    public async Task Trigger_Agent_on_DocsGPT_returns_the_task_id_as_Run_ID()
    {
        var activity = new TriggerAgent
        {
            Connection = new("docsgpt"), InputText = new("What is the refund policy?"),
            IdempotencyKey = new(IdempotencyKey.Derive("docs-portal", "question.asked", "Q-1")), RequestId = new("DEMO-Q-1"),
        };
        var context = await RunAsync(activity);
        Assert.True(context.HasOutcome("Accepted"));
        var runId = context.Text("RunId");
        Assert.False(string.IsNullOrEmpty(runId));
        Assert.NotNull(emulator.Host.State.DocsGpt.GetTask(runId!));
    }

    [Fact]
    public async Task Trigger_Agent_sends_structured_input_to_DocsGPT()
    {
        var activity = new TriggerAgent
        {
            Connection = new("docsgpt"), InputText = new("ignored when structured input is given"),
            StructuredInput = new((object?)"""{"question":"How do I reset my password?","user":"u-1"}"""),
            IdempotencyKey = new(IdempotencyKey.Derive("docs-portal", "question.asked", "Q-2")),
        };
        var context = await RunAsync(activity);
        Assert.True(context.HasOutcome("Accepted"));
        var task = emulator.Host.State.DocsGpt.GetTask(context.Text("RunId")!);
        Assert.Contains("reset my password", task!.Payload!.ToJsonString());
    }

    [Fact]
    public async Task Trigger_Agent_refuses_structured_input_that_is_not_json()
    {
        var activity = new TriggerAgent
        {
            Connection = new("docsgpt"), InputText = new("q"), StructuredInput = new((object?)"{ nope"),
            IdempotencyKey = new(IdempotencyKey.Derive("docs-portal", "question.asked", "Q-3")),
        };
        var context = await RunAsync(activity);
        Assert.True(context.HasOutcome("Invalid Input"));
    }

    [Fact]
    public async Task Trigger_Agent_on_Writer_streaming_returns_the_output_at_once()
    {
        var activity = new TriggerAgent
        {
            Connection = new("writer"), InputText = new("Route invoice 42"),
            IdempotencyKey = new(IdempotencyKey.Derive("erp", "invoice.received", "42")),
        };
        var context = await RunAsync(activity, o => o.Connections["writer"].UseJobs = false);
        Assert.True(context.HasOutcome("Accepted"));
        Assert.Equal(DemoFixture.WriterTextReturnValue, context.Text("AgentOutput"));
    }

    [Fact]
    public async Task Trigger_Agent_on_GPT_Workbench_returns_the_job_id_and_passes_the_source()
    {
        var activity = new TriggerAgent
        {
            Connection = new("gpt-workbench"), InputText = new("Generate a daily summary of open support tickets"),
            CallerSource = new("helpdesk"),
            IdempotencyKey = new(IdempotencyKey.Derive("helpdesk", "daily-summary.due", "2026-06-18")),
        };
        var context = await RunAsync(activity);
        Assert.True(context.HasOutcome("Accepted"));
        var job = emulator.Host.State.GptWorkbench.GetJob(context.Text("RunId")!);
        Assert.NotNull(job);
        Assert.Equal("helpdesk", job!.Source);
    }

    [Fact]
    public async Task The_same_event_triggered_twice_starts_one_run()
    {
        var first = await RunAsync(WorkspaceAgent("DEMO-TWICE"));
        var second = await RunAsync(WorkspaceAgent("DEMO-TWICE"));
        Assert.True(first.HasOutcome("Accepted"));
        Assert.True(second.HasOutcome("Accepted"));
        Assert.Single(await emulator.RunsAsync());
        Assert.Single(emulator.Host.State.WorkspaceAgents.IdempotentReplays);
    }
}
