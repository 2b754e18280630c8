using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Platforms.DocsGpt;

/// <summary>Seed 003 (DocsGPT agent webhooks) over real HTTP against the emulator, through the DI-built client.</summary>
public sealed class DocsGptTriggerTests : EmulatorTest
{
    private const string Token = DemoFixture.DocsGptToken;

    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Retry.MaxAttempts = 3;
        options.Connections["default"] = Connection(Token);
        options.Connections["get"] = Connection(Token, useGet: true);
        options.Connections["failing"] = Connection(DemoFixture.DocsGptFailingToken);
        options.Connections["retrying"] = Connection(DemoFixture.DocsGptRetryingToken);
        options.Connections["unknown"] = Connection("docsgpt_no_such_token");
        options.Connections["bad-token"] = Connection(Token + "?x=1");
    }

    private IAgentTriggerService Triggers => Services.GetRequiredService<IAgentTriggerService>();

    private IAgentRunTracker Runs => Services.GetRequiredService<IAgentRunTracker>();

    private AgentConnection Connection(string token, bool useGet = false) => new()
    {
        Platform = AgentPlatform.DocsGpt, BaseUrl = Emulator.BaseAddress, Token = token, UseGet = useGet,
    };

    private Task<JsonElement> TaskAsync(string taskId) => Emulator.GetJsonAsync("_emulator/docsgpt/tasks/" + taskId);

    private async Task<int> TaskCountAsync() => (await Emulator.GetJsonAsync("_emulator/docsgpt/tasks")).GetArrayLength();

    [Fact]
    public async Task A_question_is_posted_with_the_idempotency_key_and_answered_with_a_task_id()
    {
        var request = Request("Your message to agent");

        var outcome = await Triggers.TriggerAsync(request);

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.NotNull(outcome.RunId);
        Assert.Equal(PlatformGuidance.For(AgentPlatform.DocsGpt, TriggerOutcomeKind.Accepted), outcome.Guidance);
        var task = await TaskAsync(outcome.RunId!);
        Assert.Equal("POST", task.GetProperty("method").GetString());
        Assert.Equal("Your message to agent", task.GetProperty("payload").GetProperty("question").GetString());
        Assert.Equal(request.IdempotencyKey, task.GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public async Task A_structured_payload_is_sent_as_it_is()
    {
        var payload = Json("{\"question\":\"Summarise\",\"customer\":{\"id\":42,\"tier\":\"gold\"},\"tags\":[\"a\",\"b\"]}");

        var outcome = await Triggers.TriggerAsync(Request("ignored when structured input is given", structured: payload));

        Assert.True(outcome.IsAccepted, outcome.Detail);
        var sent = (await TaskAsync(outcome.RunId!)).GetProperty("payload");
        Assert.Equal(42, sent.GetProperty("customer").GetProperty("id").GetInt32());
        Assert.Equal(2, sent.GetProperty("tags").GetArrayLength());
        Assert.False(sent.TryGetProperty("ignored", out _));
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_original_task_instead_of_a_second_run()
    {
        var request = Request("Only once");

        var first = await Triggers.TriggerAsync(request);
        var second = await Triggers.TriggerAsync(request with { Input = "Different text, same source event" });

        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(1, await TaskCountAsync());
        Assert.Equal(1, (await TaskAsync(first.RunId!)).GetProperty("duplicateHits").GetInt32());
    }

    [Fact]
    public async Task A_lost_answer_is_resent_with_the_same_key_and_starts_one_task()
    {
        await Emulator.SetAsync(new { platform = "docs_gpt", mode = "accept_then_drop", count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Survive a dropped connection"));

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(1, await TaskCountAsync());
    }

    [Fact]
    public async Task A_gateway_timeout_after_the_task_was_enqueued_is_resent_with_the_same_key_and_starts_one_task()
    {
        await Emulator.SetAsync(new { platform = "docs_gpt", mode = "server_error", statusCode = 504, afterProcessing = true, count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Behind a slow gateway"));

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(1, await TaskCountAsync());
    }

    [Fact]
    public async Task Server_errors_and_short_rate_limits_are_retried()
    {
        await Emulator.SetAsync(
            new { platform = "docs_gpt", mode = "server_error", statusCode = 500, count = 1 },
            new { platform = "docs_gpt", mode = "rate_limit", retryAfterSeconds = 1, count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Retry me"));

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal(1, await TaskCountAsync());
    }

    [Fact]
    public async Task A_long_rate_limit_is_reported_with_its_retry_after()
    {
        await Emulator.SetAsync(new { platform = "docs_gpt", mode = "rate_limit", retryAfterSeconds = 120, retryAfterFormat = "http_date" });

        var outcome = await Triggers.TriggerAsync(Request("Too soon"));

        Assert.Equal(TriggerOutcomeKind.RateLimited, outcome.Kind);
        Assert.Equal(429, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.InRange(outcome.RetryAfter!.Value, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(121));
        Assert.Contains("Retry-After", outcome.Guidance);
    }

    [Fact]
    public async Task The_get_form_maps_flat_fields_to_the_query_string()
    {
        var outcome = await Triggers.TriggerAsync(Request("Your message to agent"), "get");
        var structured = await Triggers.TriggerAsync(Request("x", structured: Json("{\"question\":\"a & b = c?\",\"priority\":2,\"urgent\":true,\"note\":null}")), "get");

        Assert.True(outcome.IsAccepted, outcome.Detail);
        var task = await TaskAsync(outcome.RunId!);
        Assert.Equal("GET", task.GetProperty("method").GetString());
        Assert.Equal("Your message to agent", task.GetProperty("payload").GetProperty("question").GetString());
        Assert.False(string.IsNullOrEmpty(task.GetProperty("idempotencyKey").GetString()));

        var payload = (await TaskAsync(structured.RunId!)).GetProperty("payload");
        Assert.Equal("a & b = c?", payload.GetProperty("question").GetString());
        Assert.Equal("2", payload.GetProperty("priority").GetString());
        Assert.Equal("true", payload.GetProperty("urgent").GetString());
        Assert.Equal(string.Empty, payload.GetProperty("note").GetString());
    }

    [Fact]
    public async Task The_get_form_refuses_what_a_query_string_cannot_carry()
    {
        var nested = await Triggers.TriggerAsync(Request("x", structured: Json("{\"customer\":{\"id\":42}}")), "get");
        var huge = await Triggers.TriggerAsync(Request(new string('q', 9_000)), "get");

        Assert.Equal(TriggerOutcomeKind.InvalidInput, nested.Kind);
        Assert.Contains("UseGet", nested.Detail);
        Assert.Equal(TriggerOutcomeKind.InvalidInput, huge.Kind);
        Assert.Contains("URL", huge.Detail);
        Assert.Equal(0, await TaskCountAsync());
    }

    [Fact]
    public void Previews_mask_the_token_in_both_forms()
    {
        var post = Triggers.Preview(Request("Hello"));
        var get = Triggers.Preview(Request("Hello there"), "get");

        Assert.Equal(new Uri(Emulator.BaseAddress, "api/webhooks/agents/***").AbsoluteUri, post.Url);
        Assert.Equal("{\"question\":\"Hello\"}", post.Body);
        Assert.StartsWith("ik1_test_", post.Headers["Idempotency-Key"]);
        Assert.Equal("GET", get.Method);
        Assert.Equal(new Uri(Emulator.BaseAddress, "api/webhooks/agents/***").AbsoluteUri + "?question=Hello%20there", get.Url);
        Assert.Equal(string.Empty, get.Body);
        AssertNoSecret([post.ToString(), get.ToString()], Token);
    }

    [Fact]
    public async Task A_task_is_tracked_through_progress_to_success_with_the_raw_json_result()
    {
        var outcome = await Triggers.TriggerAsync(Request("What is our refund policy?"));

        var seen = new List<RunSnapshot>();
        await foreach (var snapshot in Runs.WatchAsync("default", outcome.RunId!, FastWait))
        {
            seen.Add(snapshot);
        }

        var last = seen[^1];
        Assert.Equal(RunState.Succeeded, last.State);
        Assert.Equal("SUCCESS", last.RawStatus);
        using var result = JsonDocument.Parse(last.Output!);
        Assert.Equal("DocsGPT agent demo-agent answered: What is our refund policy?",
            result.RootElement.GetProperty("result").GetProperty("answer").GetString());
        Assert.All(seen.Take(seen.Count - 1), s => Assert.Contains(s.State, new[] { RunState.Queued, RunState.Running }));
        Assert.All(seen.Where(s => s.RawStatus == "PROGRESS"), s => Assert.Equal("{\"current\":50}", s.Message));
    }

    [Fact]
    public async Task A_failing_task_ends_in_failure_with_its_result_as_the_error()
    {
        var outcome = await Triggers.TriggerAsync(Request("Fail please"), "failing");

        var last = await Runs.WaitAsync("failing", outcome.RunId!, FastWait);

        Assert.Equal(RunState.Failed, last.State);
        Assert.Equal("FAILURE", last.RawStatus);
        Assert.Equal("Simulated agent failure", last.Error);
        Assert.Null(last.Output);
    }

    [Fact]
    public async Task A_retrying_task_still_ends_in_success()
    {
        var outcome = await Triggers.TriggerAsync(Request("Retry inside the worker"), "retrying");

        var last = await Runs.WaitAsync("retrying", outcome.RunId!, FastWait);

        Assert.Equal(RunState.Succeeded, last.State);
        Assert.Contains("RETRY", (await TaskAsync(outcome.RunId!)).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("PENDING", RunState.Queued)]
    [InlineData("STARTED", RunState.Running)]
    [InlineData("PROGRESS", RunState.Running)]
    [InlineData("RETRY", RunState.Running)]
    [InlineData("SUCCESS", RunState.Succeeded)]
    [InlineData("FAILURE", RunState.Failed)]
    [InlineData("SOMETHING_NEW", RunState.Unknown)]
    public void Celery_states_map_to_run_states(string status, RunState expected) =>
        Assert.Equal(expected, Core.Platforms.DocsGpt.DocsGptStatusReader.StateOf(status));

    [Fact]
    public async Task An_unknown_task_id_reads_as_pending_because_celery_cannot_tell()
    {
        var snapshot = await Runs.GetStatusAsync("default", "no-such-task & more");

        Assert.Equal(RunState.Queued, snapshot.State);
        Assert.Equal("PENDING", snapshot.RawStatus);
    }

    [Fact]
    public async Task An_unknown_token_is_not_found_with_guidance()
    {
        var outcome = await Triggers.TriggerAsync(Request("Hello"), "unknown");

        Assert.Equal(TriggerOutcomeKind.NotFound, outcome.Kind);
        Assert.Equal(404, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains("Agent not found", outcome.Detail);
        Assert.Contains("generate the webhook URL again", outcome.Guidance);
    }

    [Fact]
    public async Task Invalid_input_is_refused_before_anything_is_sent()
    {
        var array = await Triggers.TriggerAsync(Request("x", structured: Json("[1,2,3]")));
        var longKey = await Triggers.TriggerAsync(Request("x", key: new string('k', 256)));
        var badToken = await Triggers.TriggerAsync(Request("x"), "bad-token");

        Assert.Equal(TriggerOutcomeKind.InvalidInput, array.Kind);
        Assert.Contains("JSON object", array.Detail);
        Assert.Equal(TriggerOutcomeKind.InvalidInput, longKey.Kind);
        Assert.Equal(TriggerOutcomeKind.InvalidInput, badToken.Kind);
        AssertNoSecret([badToken.ToString()], Token);
        Assert.Equal(0, await TaskCountAsync());

        var longestKey = await Triggers.TriggerAsync(Request("x", key: new string('k', 255)));
        Assert.True(longestKey.IsAccepted, longestKey.Detail);
    }

    [Fact]
    public async Task The_token_never_appears_in_logs_outcomes_previews_or_exceptions()
    {
        var texts = new List<string?>();
        foreach (var connection in new[] { "default", "get", "failing", "unknown", "bad-token" })
        {
            var outcome = await Triggers.TriggerAsync(Request("Leak check"), connection);
            texts.Add(outcome.ToString());
            texts.Add(Services.GetRequiredService<IAgentConnectionRegistry>().Describe(connection).ToString());
            if (outcome.RunId is { } runId)
            {
                texts.Add((await Runs.WaitAsync(connection, runId, FastWait)).ToString());
            }
        }

        await Emulator.SetAsync(new { platform = "docs_gpt", mode = "accept_then_drop", count = 1 });
        texts.Add((await Triggers.TriggerAsync(Request("Dropped"))).ToString());
        await Emulator.SetAsync(new { platform = "docs_gpt", mode = "connection_reset" });
        texts.Add((await Triggers.TriggerAsync(Request("Reset"))).ToString());
        texts.Add(Triggers.Preview(Request("Preview"), "get").ToString());
        texts.AddRange(Services.AllLogText());

        Assert.NotEmpty(Services.Logs().GetSnapshot());
        AssertNoSecret(texts, Token, DemoFixture.DocsGptFailingToken);
    }
}
