using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Platforms.Writer;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Platforms.Writer;

/// <summary>Seed 004 (Writer blueprint API trigger) over real HTTP against the emulator, through the DI-built Services.</summary>
public sealed class WriterTriggerTests : EmulatorTest
{
    private const string ApiKey = DemoFixture.WriterApiKey;
    private const string ReturnValue = DemoFixture.WriterTextReturnValue;

    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Retry.MaxAttempts = 3;
        options.Connections["jobs"] = Connection(DemoFixture.WriterTextBlueprint);
        options.Connections["sync"] = Connection(DemoFixture.WriterTextBlueprint, useJobs: false);
        options.Connections["json-jobs"] = Connection(DemoFixture.WriterJsonBlueprint);
        options.Connections["json-sync"] = Connection(DemoFixture.WriterJsonBlueprint, useJobs: false);
        options.Connections["error-jobs"] = Connection(DemoFixture.WriterErrorBlueprint);
        options.Connections["error-sync"] = Connection(DemoFixture.WriterErrorBlueprint, useJobs: false);
        options.Connections["extras-sync"] = Connection(DemoFixture.WriterSseExtrasBlueprint, useJobs: false);
        options.Connections["ui-only"] = Connection(DemoFixture.WriterUiOnlyBlueprint);
        options.Connections["ui-only-sync"] = Connection(DemoFixture.WriterUiOnlyBlueprint, useJobs: false);
        options.Connections["undeployed"] = Connection("draftbp0001", agentId: DemoFixture.WriterUndeployedAgentId);
        options.Connections["bad-key"] = Connection(DemoFixture.WriterTextBlueprint, key: "writer_wrong_key_0001");
        options.Connections["bad-key-sync"] = Connection(DemoFixture.WriterTextBlueprint, useJobs: false, key: "writer_wrong_key_0001");
        options.Connections["no-key"] = Connection(DemoFixture.WriterTextBlueprint, key: null);
        options.Connections["bad-agent"] = Connection(DemoFixture.WriterTextBlueprint, agentId: "../admin");
        options.Connections["no-blueprint"] = Connection(null);
        options.Connections["docs"] = new AgentConnection { Platform = AgentPlatform.DocsGpt, BaseUrl = Emulator.BaseAddress, Token = "docs" };
    }

    private IAgentTriggerService Triggers => Services.GetRequiredService<IAgentTriggerService>();

    private IAgentRunTracker Runs => Services.GetRequiredService<IAgentRunTracker>();

    private IWriterBlueprintStream Streams => Services.GetRequiredService<IWriterBlueprintStream>();

    private AgentConnection Connection(string? blueprintId, bool useJobs = true, string? key = ApiKey, string agentId = DemoFixture.WriterAgentId) => new()
    {
        Platform = AgentPlatform.Writer, BaseUrl = Emulator.BaseAddress, AgentId = agentId, BlueprintId = blueprintId, Token = key, UseJobs = useJobs,
    };

    private async Task<JsonElement[]> ExecutionsAsync() => (await Emulator.GetJsonAsync("_emulator/writer/executions")).EnumerateArray().ToArray();

    private static JsonElement Document => Json(
        "{\"document_id\":\"doc_67890\",\"file_url\":\"https://storage.example.com/documents/invoice_2024_001.pdf\",\"document_type\":\"invoice\",\"priority\":\"high\"}");

    [Fact]
    public async Task A_job_is_created_and_tracked_to_completed_with_the_artifact()
    {
        var outcome = await Triggers.TriggerAsync(Request("Route this document"), "jobs");

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal("queued", outcome.RunStatus);
        Assert.NotNull(outcome.RunId);
        Assert.Null(outcome.Output);

        var seen = new List<RunSnapshot>();
        await foreach (var snapshot in Runs.WatchAsync("jobs", outcome.RunId!, FastWait))
        {
            seen.Add(snapshot);
        }

        var last = seen[^1];
        Assert.Equal(RunState.Succeeded, last.State);
        Assert.Equal("completed", last.RawStatus);
        Assert.Equal(ReturnValue, last.Output);
        Assert.All(seen.Take(seen.Count - 1), s => Assert.Contains(s.RawStatus, new[] { "queued", "in_progress" }));
    }

    [Fact]
    public async Task The_input_text_travels_as_a_json_string_under_inputs()
    {
        var outcome = await Triggers.TriggerAsync(Request("Route this document"), "jobs");

        var execution = Assert.Single(await ExecutionsAsync());
        Assert.Equal(outcome.RunId, execution.GetProperty("jobId").GetString());
        Assert.Equal("Route this document", execution.GetProperty("inputs").GetString());
        Assert.Equal("{\"inputs\":\"Route this document\"}", Triggers.Preview(Request("Route this document"), "jobs").Body);
    }

    [Fact]
    public async Task Structured_inputs_are_sent_as_is_and_a_json_artifact_parses_back()
    {
        var outcome = await Triggers.TriggerAsync(Request("summary", structured: Document), "json-jobs");

        var last = await Runs.WaitAsync("json-jobs", outcome.RunId!, FastWait);

        Assert.Equal(RunState.Succeeded, last.State);
        Assert.True(WriterArtifact.TryParseJson(last.Output, out var artifact), last.Output);
        Assert.Equal("doc_67890", artifact.GetProperty("document_id").GetString());
        Assert.Equal("accounting", artifact.GetProperty("routed_to").GetString());
        var inputs = Assert.Single(await ExecutionsAsync()).GetProperty("inputs");
        Assert.Equal("high", inputs.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task A_failing_job_is_tracked_to_failed_with_its_error()
    {
        var outcome = await Triggers.TriggerAsync(Request("Parse this PDF"), "error-jobs");

        var last = await Runs.WaitAsync("error-jobs", outcome.RunId!, FastWait);

        Assert.Equal(RunState.Failed, last.State);
        Assert.Equal("error", last.RawStatus);
        Assert.Equal("Blueprint execution failed: simulated error in block 'Parse PDF'", last.Error);
    }

    [Fact]
    public async Task The_synchronous_stream_is_reduced_to_the_return_value()
    {
        var outcome = await Triggers.TriggerAsync(Request("Route this document"), "sync");

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Equal(ReturnValue, outcome.Output);
        Assert.Equal("completed", outcome.RunStatus);
        Assert.Null(outcome.RunId);
        Assert.Equal("stream", Assert.Single(await ExecutionsAsync()).GetProperty("mode").GetString());
        Assert.Equal("text/event-stream", Triggers.Preview(Request("x"), "sync").Headers["Accept"]);
    }

    [Fact]
    public async Task Event_lines_keep_alives_retry_crlf_and_chunked_deltas_reduce_to_the_same_value()
    {
        var outcome = await Triggers.TriggerAsync(Request("Route this document"), "extras-sync");

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(ReturnValue, outcome.Output);
    }

    [Fact]
    public async Task A_synchronous_json_return_value_arrives_as_a_string()
    {
        var outcome = await Triggers.TriggerAsync(Request("summary", structured: Document), "json-sync");

        Assert.True(outcome.IsAccepted, outcome.Detail);
        Assert.True(WriterArtifact.TryParseJson(outcome.Output, out var value));
        Assert.Equal("doc_67890", value.GetProperty("document_id").GetString());
    }

    [Fact]
    public async Task A_synchronous_blueprint_error_fails_the_outcome_with_the_error_and_no_retry()
    {
        var outcome = await Triggers.TriggerAsync(Request("Parse this PDF"), "error-sync");

        Assert.Equal(TriggerOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        // The blueprint ran: sending again would run it a second time, so nothing re-sends it automatically.
        Assert.Equal(ElsaWorkspaceAgents.Core.Resilience.ResendAdvice.OnlyDeliberately, ElsaWorkspaceAgents.Core.Resilience.ResendPolicy.ForOutcome(outcome));
        Assert.Equal("error", outcome.RunStatus);
        Assert.Contains("simulated error in block 'Parse PDF'", outcome.Detail);
        Assert.Contains("fix the blueprint", outcome.Guidance);
        Assert.Single(await ExecutionsAsync());
    }

    [Fact]
    public async Task The_blueprint_stream_reports_every_status_change_in_order_then_the_output()
    {
        var request = Request("Route this document");
        var seen = new List<RunSnapshot>();

        // "jobs" is configured for the jobs endpoint; the stream service uses the synchronous one regardless.
        var outcome = await Streams.RunAsync(request, "jobs", (snapshot, _) =>
        {
            seen.Add(snapshot);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(ReturnValue, outcome.Output);
        Assert.Equal(
            ["in progress", "initializing", "validating", "executing", "running", "processing", "processing", "completed"],
            seen.Select(s => s.RawStatus));
        Assert.Equal(
            [null, "Initializing session...", "Validating blueprint...", "Executing blueprint: ooamr04yng7...", "Blueprint is running. Awaiting output...",
                "Processing blueprint result..."],
            seen.Take(6).Select(s => s.Message));
        Assert.All(seen.Take(7), s => Assert.Equal(RunState.Running, s.State));
        Assert.Equal(ReturnValue, seen[6].Output);
        Assert.Equal(RunState.Succeeded, seen[^1].State);
        Assert.True(seen[^1].IsTerminal);
        Assert.Equal(ReturnValue, seen[^1].Output);
        Assert.All(seen, s => Assert.Equal(request.IdempotencyKey, s.RunId));
        Assert.Equal("stream", Assert.Single(await ExecutionsAsync()).GetProperty("mode").GetString());
    }

    [Fact]
    public async Task The_blueprint_stream_shows_output_growing_chunk_by_chunk()
    {
        var outputs = new List<string?>();

        var outcome = await Streams.RunAsync(Request("Route this document"), "extras-sync", (snapshot, _) =>
        {
            outputs.Add(snapshot.Output);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(ReturnValue, outcome.Output);
        var growing = outputs.Where(o => o is not null).Distinct().ToArray();
        Assert.True(growing.Length >= 3, string.Join(" | ", growing));
        Assert.All(growing, o => Assert.StartsWith(o!, ReturnValue));
        Assert.Equal(ReturnValue, growing[^1]);
    }

    [Fact]
    public async Task The_blueprint_stream_reports_an_error_as_it_happens()
    {
        var seen = new List<RunSnapshot>();

        var outcome = await Streams.RunAsync(Request("Parse this PDF"), "error-sync", (snapshot, _) =>
        {
            seen.Add(snapshot);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(TriggerOutcomeKind.Failed, outcome.Kind);
        var error = Assert.Single(seen, s => s.RawStatus == "error" && !ReferenceEquals(s, seen[^1]));
        Assert.Equal(RunState.Failed, error.State);
        Assert.Equal("Blueprint execution failed: simulated error in block 'Parse PDF'", error.Message);
        Assert.Equal(RunState.Failed, seen[^1].State);
        Assert.Equal("Blueprint execution failed: simulated error in block 'Parse PDF'", seen[^1].Error);
    }

    [Fact]
    public async Task The_blueprint_stream_refuses_unknown_and_non_writer_connections_as_outcomes()
    {
        var calls = 0;
        ValueTask Count(RunSnapshot _, CancellationToken __)
        {
            calls++;
            return ValueTask.CompletedTask;
        }

        var unknown = await Streams.RunAsync(Request("x"), "nope", Count);
        var docs = await Streams.RunAsync(Request("x"), "docs", Count);
        var refused = await Streams.RunAsync(Request("x"), "ui-only", Count);

        Assert.Equal(TriggerOutcomeKind.InvalidInput, unknown.Kind);
        Assert.Contains("nope", unknown.Detail);
        Assert.Equal(TriggerOutcomeKind.InvalidInput, docs.Kind);
        Assert.Contains("DocsGpt", docs.Detail);
        Assert.Equal(TriggerOutcomeKind.NotFound, refused.Kind);
        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData("bad-key", TriggerOutcomeKind.Unauthorized, 401, "Invalid or missing API key", "Bearer")]
    [InlineData("bad-key-sync", TriggerOutcomeKind.Unauthorized, 401, "Invalid or missing API key", "Bearer")]
    [InlineData("undeployed", TriggerOutcomeKind.NotFound, 404, "Only deployed agents", "deployed")]
    [InlineData("ui-only", TriggerOutcomeKind.NotFound, 404, "begin with an API Trigger block", "API Trigger block")]
    [InlineData("ui-only-sync", TriggerOutcomeKind.NotFound, 404, "begin with an API Trigger block", "API Trigger block")]
    public async Task Platform_refusals_become_typed_outcomes_with_guidance(string connection, TriggerOutcomeKind kind, int status, string detail, string guidance)
    {
        var outcome = await Triggers.TriggerAsync(Request("x"), connection);

        Assert.Equal(kind, outcome.Kind);
        Assert.Equal(status, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains(detail, outcome.Detail);
        Assert.Contains(guidance, outcome.Guidance);
        Assert.Empty(await ExecutionsAsync());
    }

    [Fact]
    public async Task Invalid_input_is_refused_before_anything_is_sent()
    {
        var undefined = await Triggers.TriggerAsync(Request("x", structured: default(JsonElement)), "jobs");
        var badAgent = await Triggers.TriggerAsync(Request("x"), "bad-agent");
        var noBlueprint = await Triggers.TriggerAsync(Request("x"), "no-blueprint");
        var noKey = await Triggers.TriggerAsync(Request("x"), "no-key");

        foreach (var outcome in new[] { undefined, badAgent, noBlueprint, noKey })
        {
            Assert.Equal(TriggerOutcomeKind.InvalidInput, outcome.Kind);
            Assert.Equal(0, outcome.Attempts);
        }

        Assert.Contains("undefined", undefined.Detail);
        Assert.Contains("agent ID", badAgent.Detail);
        Assert.Contains("GET /v1/agents?type=builder", noBlueprint.Detail);
        Assert.Contains("API key", noKey.Detail);
        Assert.Empty(await ExecutionsAsync());

        // Any defined JSON value is valid inputs, a bare string or number included.
        var number = await Triggers.TriggerAsync(Request("x", structured: Json("42")), "jobs");
        Assert.True(number.IsAccepted, number.Detail);
    }

    [Fact]
    public async Task A_lost_answer_is_unconfirmed_and_not_resent_because_writer_has_no_idempotency()
    {
        await Emulator.SetAsync(new { platform = "writer", mode = "accept_then_drop", count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Only once"), "jobs");

        Assert.Equal(TriggerOutcomeKind.Unconfirmed, outcome.Kind);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains("lists no jobs", outcome.Guidance);
        Assert.DoesNotContain("same idempotency key", outcome.Guidance, StringComparison.OrdinalIgnoreCase);
        var jobs = await EmulatorServer.EventuallyAsync(() => Emulator.GetJsonAsync("_emulator/writer/jobs"), j => j.GetArrayLength() > 0);
        Assert.Equal(1, jobs.GetArrayLength());
    }

    [Theory]
    [InlineData(504)]
    [InlineData(502)]
    public async Task A_gateway_error_after_the_job_started_is_unconfirmed_and_not_resent(int status)
    {
        await Emulator.SetAsync(new { platform = "writer", mode = "server_error", statusCode = status, afterProcessing = true, count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Only once"), "jobs");

        Assert.Equal(TriggerOutcomeKind.Unconfirmed, outcome.Kind);
        Assert.Equal(status, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        var jobs = await EmulatorServer.EventuallyAsync(() => Emulator.GetJsonAsync("_emulator/writer/jobs"), j => j.GetArrayLength() > 0);
        Assert.Equal(1, jobs.GetArrayLength());
    }

    [Fact]
    public async Task Failures_that_started_nothing_are_retried_for_both_endpoints()
    {
        await Emulator.SetAsync(
            new { platform = "writer", mode = "server_error", statusCode = 503, count = 1 },
            new { platform = "writer", mode = "rate_limit", retryAfterSeconds = 1, count = 1 });

        var jobs = await Triggers.TriggerAsync(Request("Retry me"), "jobs");
        await Emulator.SetAsync(new { platform = "writer", mode = "server_error", statusCode = 503, count = 1 });
        var sync = await Triggers.TriggerAsync(Request("Retry me"), "sync");

        Assert.Equal(TriggerOutcomeKind.Accepted, jobs.Kind);
        Assert.Equal(3, jobs.Attempts);
        Assert.Equal(TriggerOutcomeKind.Accepted, sync.Kind);
        Assert.Equal(2, sync.Attempts);
        Assert.Equal(ReturnValue, sync.Output);
        Assert.Equal(2, (await ExecutionsAsync()).Length);
    }

    [Fact]
    public async Task A_long_rate_limit_is_reported_with_its_retry_after()
    {
        await Emulator.SetAsync(new { platform = "writer", mode = "rate_limit", retryAfterSeconds = 90 });

        var outcome = await Triggers.TriggerAsync(Request("Too soon"), "sync");

        Assert.Equal(TriggerOutcomeKind.RateLimited, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(90), outcome.RetryAfter);
        Assert.Equal(1, outcome.Attempts);
    }

    [Theory]
    [InlineData("queued", RunState.Queued)]
    [InlineData("in_progress", RunState.Running)]
    [InlineData("in progress", RunState.Running)]
    [InlineData("completed", RunState.Succeeded)]
    [InlineData("error", RunState.Failed)]
    [InlineData("paused_for_approval", RunState.Unknown)]
    public void Job_statuses_map_to_run_states_and_unknown_words_to_unknown(string status, RunState expected) =>
        Assert.Equal(expected, Core.Platforms.Writer.WriterJobStatusReader.StateOf(status));

    [Fact]
    public async Task Unknown_or_malformed_job_ids_and_bad_keys_fail_the_status_read_clearly()
    {
        var unknown = await Assert.ThrowsAsync<RunTrackingException>(() => Runs.GetStatusAsync("jobs", "job_missing"));
        var malformed = await Assert.ThrowsAsync<RunTrackingException>(() => Runs.GetStatusAsync("jobs", "../agents"));
        var badKey = await Assert.ThrowsAsync<RunTrackingException>(() => Runs.GetStatusAsync("bad-key", "job_missing"));

        Assert.Equal(404, unknown.HttpStatus);
        Assert.Contains("job_missing", unknown.Message);
        Assert.Null(malformed.HttpStatus);
        Assert.Contains("job ID", malformed.Message);
        Assert.Equal(401, badKey.HttpStatus);
        Assert.Contains("API key", badKey.Message);
        AssertNoSecret([badKey.ToString()], "writer_wrong_key_0001");
    }

    [Fact]
    public async Task The_directory_lists_deployed_agents_and_their_api_triggered_blueprints()
    {
        var directory = Services.GetRequiredService<IWriterAgentDirectory>();

        var agents = await directory.ListAgentsAsync("jobs");

        var agent = Assert.Single(agents);
        Assert.Equal(DemoFixture.WriterAgentId, agent.Id);
        Assert.Equal("Document router", agent.Name);
        Assert.Equal("Routes incoming documents to the right team.", agent.Description);
        Assert.Contains(agent.Blueprints, b => b.Id == DemoFixture.WriterTextBlueprint && b.Name == "Route document");
        Assert.DoesNotContain(agent.Blueprints, b => b.Id == DemoFixture.WriterUiOnlyBlueprint);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => directory.ListAgentsAsync("bad-key"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertNoSecret([refused.ToString()], "writer_wrong_key_0001");
    }

    [Fact]
    public void Preview_masks_the_api_key_and_shows_the_ids()
    {
        var preview = Triggers.Preview(Request("x"), "jobs");

        Assert.Equal(new Uri(Emulator.BaseAddress, $"v1/agents/{DemoFixture.WriterAgentId}/blueprints/{DemoFixture.WriterTextBlueprint}/jobs").AbsoluteUri, preview.Url);
        Assert.StartsWith("Bearer writ…(", preview.Headers["Authorization"]);
        Assert.DoesNotContain("Idempotency-Key", preview.Headers.Keys);
        AssertNoSecret([preview.ToString(), .. preview.Headers.Values], ApiKey);
    }

    [Fact]
    public async Task The_api_key_never_appears_in_logs_outcomes_snapshots_or_exceptions()
    {
        var texts = new List<string?>();
        foreach (var connection in new[] { "jobs", "sync", "error-sync", "extras-sync", "ui-only", "bad-key", "bad-agent", "no-blueprint" })
        {
            var outcome = await Triggers.TriggerAsync(Request("Leak check"), connection);
            texts.Add(outcome.ToString());
            texts.Add(Services.GetRequiredService<IAgentConnectionRegistry>().Describe(connection).ToString());
            if (outcome.RunId is { } runId)
            {
                texts.Add((await Runs.WaitAsync(connection, runId, FastWait)).ToString());
            }
        }

        await Streams.RunAsync(Request("Stream"), "sync", (snapshot, _) =>
        {
            texts.Add(snapshot.ToString());
            return ValueTask.CompletedTask;
        });
        await Emulator.SetAsync(new { platform = "writer", mode = "accept_then_drop", count = 2 });
        texts.Add((await Triggers.TriggerAsync(Request("Dropped"), "jobs")).ToString());
        texts.Add((await Triggers.TriggerAsync(Request("Dropped"), "sync")).ToString());
        texts.Add((await Assert.ThrowsAsync<RunTrackingException>(() => Runs.GetStatusAsync("jobs", "job_missing"))).ToString());
        texts.Add(Triggers.Preview(Request("Preview"), "sync").ToString());
        texts.AddRange(Services.AllLogText());

        Assert.NotEmpty(Services.Logs().GetSnapshot());
        AssertNoSecret(texts, ApiKey);
    }
}
