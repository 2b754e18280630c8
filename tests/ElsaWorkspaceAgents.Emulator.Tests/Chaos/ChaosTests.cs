using System.Net;
using System.Text;
using ElsaWorkspaceAgents.Emulator.Chaos;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.Chaos;

/// <summary>Every chaos mode, on the trigger endpoints of all four platforms.</summary>
public sealed class ChaosTests
{
    private static async Task ConfigureAsync(HttpClient http, string json)
    {
        using var response = await http.PutAsync("_emulator/chaos", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpStatusCode> DocsGptAsync(HttpClient http, string? idempotencyKey = null)
    {
        using var request = HttpExtensions.JsonPost($"api/webhooks/agents/{DemoFixture.DocsGptToken}", "{\"question\":\"q\"}", idempotencyKey: idempotencyKey);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Latency_delays_but_does_not_change_the_outcome()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule { Mode = ChaosMode.Latency, LatencyMs = 200 }));
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("LAT-1"));

        var chaosEvent = Assert.Single(emulator.State.Chaos.Events);
        Assert.Equal(ChaosMode.Latency, chaosEvent.Mode);
        Assert.Equal(ChaosPlatform.WorkspaceAgents, chaosEvent.Platform);
        Assert.Equal(DemoFixture.DemoChannel, chaosEvent.Target);
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after_seconds_then_recovers()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        await ConfigureAsync(http, "{\"rules\":[{\"platform\":\"gpt_workbench\",\"mode\":\"rate_limit\",\"count\":1,\"retryAfterSeconds\":2}]}");

        using var limited = await GptWorkbenchClient.TriggerAsync(http, "hi");
        using var next = await GptWorkbenchClient.TriggerAsync(http, "hi");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter!.Delta);
        Assert.Equal("rate_limit_exceeded", (await limited.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        Assert.Equal(1, emulator.State.GptWorkbench.GetTrigger(DemoFixture.GptWorkbenchTriggerId)!.TotalCalls);
    }

    [Fact]
    public async Task Rate_limit_can_send_retry_after_as_an_http_date()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule
        {
            Platform = ChaosPlatform.WorkspaceAgents,
            Mode = ChaosMode.RateLimit,
            Count = 1,
            RetryAfterSeconds = 30,
            RetryAfterFormat = RetryAfterFormat.HttpDate,
        }));
        using var http = emulator.CreateClient();

        using var limited = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("RL"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var date = limited.Headers.RetryAfter!.Date;
        Assert.NotNull(date);
        Assert.InRange(date!.Value, DateTimeOffset.UtcNow.AddSeconds(20), DateTimeOffset.UtcNow.AddSeconds(40));
        Assert.Equal("rate_limit_exceeded", (await limited.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(emulator.State.WorkspaceAgents.Runs);
    }

    [Fact]
    public async Task Server_error_burst_answers_the_next_n_requests_with_503()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        await ConfigureAsync(http, "{\"rules\":[{\"platform\":\"docs_gpt\",\"mode\":\"server_error\",\"count\":3,\"includeRetryAfter\":true}]}");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await DocsGptAsync(http));
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Single(emulator.State.DocsGpt.Tasks);
        var chaos = await http.GetJsonAsync("_emulator/chaos");
        Assert.Equal(0, chaos.GetProperty("settings").GetProperty("rules")[0].GetProperty("count").GetInt32());
        Assert.Equal(3, chaos.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Probabilistic_faults_replay_identically_for_the_same_seed()
    {
        static async Task<string> RunAsync()
        {
            await using var emulator = await TestEmulator.StartAsync(f =>
            {
                f.Chaos.Seed = 42;
                f.Chaos.Rules.Add(new ChaosRule { Platform = ChaosPlatform.Writer, Mode = ChaosMode.ServerError, StatusCode = 502, Probability = 0.5 });
            });
            using var http = emulator.CreateClient();
            var outcome = new StringBuilder();
            for (var i = 0; i < 24; i++)
            {
                using var request = WriterClient.Post(WriterClient.BlueprintPath() + "/jobs");
                using var response = await http.SendAsync(request);
                outcome.Append((int)response.StatusCode == 502 ? 'x' : '.');
            }

            return outcome.ToString();
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains('x', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task Connection_reset_aborts_before_anything_is_processed()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule { Mode = ChaosMode.ConnectionReset, Count = 1 }));
        using var http = emulator.CreateClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("RESET"), idempotencyKey: "reset-1"));
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("RESET"), idempotencyKey: "reset-1");

        var run = Assert.Single(emulator.State.WorkspaceAgents.Runs);
        Assert.Equal(0, run.DuplicateHits);
    }

    [Fact]
    public async Task Timeout_holds_past_the_client_timeout_and_a_keyed_retry_starts_one_run()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule
        {
            Platform = ChaosPlatform.WorkspaceAgents,
            Mode = ChaosMode.Timeout,
            HoldMs = 30_000,
            Count = 1,
        }));
        using var impatient = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };
        using var http = emulator.CreateClient();

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => WorkspaceAgentsClient.TriggerAsync(impatient, WorkspaceAgentsClient.Input("SLOW"), idempotencyKey: "slow-1"));
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("SLOW"), idempotencyKey: "slow-1");
        await emulator.WaitForIdleAsync(TimeSpan.FromSeconds(10));

        Assert.Single(emulator.State.WorkspaceAgents.Runs);
        Assert.Single(emulator.State.WorkspaceAgents.GetDestinationWrites(DemoFixture.DemoDestination));
    }

    [Fact]
    public async Task Timeout_shorter_than_the_client_timeout_is_just_slow()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule { Mode = ChaosMode.Timeout, HoldMs = 200 }));
        using var http = emulator.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await DocsGptAsync(http));
    }

    [Fact]
    public async Task Accept_then_drop_starts_the_run_and_a_keyed_retry_gets_the_original_outcome()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule
        {
            Platform = ChaosPlatform.WorkspaceAgents,
            Target = DemoFixture.DemoChannel,
            Mode = ChaosMode.AcceptThenDrop,
            Count = 1,
        }));
        using var http = emulator.CreateClient();
        var input = WorkspaceAgentsClient.Input("DROP-1");

        await Assert.ThrowsAsync<HttpRequestException>(() => WorkspaceAgentsClient.TriggerAsync(http, input, idempotencyKey: "drop-1"));
        var accepted = Assert.Single(emulator.State.WorkspaceAgents.Runs);

        using var retry = await WorkspaceAgentsClient.TriggerAsync(http, input, idempotencyKey: "drop-1");

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var run = Assert.Single(emulator.State.WorkspaceAgents.Runs);
        Assert.Equal(accepted.RunId, run.RunId);
        Assert.Equal(1, run.DuplicateHits);
        var writes = await Poll.UntilAsync(() => emulator.State.WorkspaceAgents.GetDestinationWrites(DemoFixture.DemoDestination), w => w.Count == 1);
        Assert.Equal("Workspace Agent API demo received: DROP-1", writes[0].Text);
    }

    [Fact]
    public async Task Accept_then_drop_on_docs_gpt_keeps_the_task_and_the_retry_gets_its_id()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule
        {
            Platform = ChaosPlatform.DocsGpt,
            Target = "docsgpt_agent_demo",
            Mode = ChaosMode.AcceptThenDrop,
            Count = 1,
        }));
        using var http = emulator.CreateClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => DocsGptAsync(http, "drop-key"));
        var dropped = Assert.Single(emulator.State.DocsGpt.Tasks);
        using var retry = HttpExtensions.JsonPost($"api/webhooks/agents/{DemoFixture.DocsGptToken}", "{\"question\":\"q\"}", idempotencyKey: "drop-key");
        using var response = await http.SendAsync(retry);

        Assert.Equal(dropped.TaskId, (await response.ReadJsonAsync()).GetProperty("task_id").GetString());
        Assert.Single(emulator.State.DocsGpt.Tasks);
    }

    [Fact]
    public async Task Accept_then_drop_on_gpt_workbench_and_writer_still_starts_the_work()
    {
        await using var emulator = await TestEmulator.StartAsync(f =>
        {
            f.Chaos.Rules.Add(new ChaosRule { Platform = ChaosPlatform.GptWorkbench, Target = DemoFixture.GptWorkbenchTriggerId, Mode = ChaosMode.AcceptThenDrop, Count = 1 });
            f.Chaos.Rules.Add(new ChaosRule { Platform = ChaosPlatform.Writer, Target = DemoFixture.WriterTextBlueprint, Mode = ChaosMode.AcceptThenDrop, Count = 2 });
        });
        using var http = emulator.CreateClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => GptWorkbenchClient.TriggerAsync(http, "dropped prompt"));
        using var stream = WriterClient.Post(WriterClient.BlueprintPath());
        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(stream));
        using var job = WriterClient.Post(WriterClient.BlueprintPath() + "/jobs");
        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(job));

        var log = Assert.Single(emulator.State.GptWorkbench.GetLogs(DemoFixture.GptWorkbenchTriggerId)!);
        Assert.Equal("dropped prompt", log.Prompt);
        Assert.Equal(["stream", "job"], emulator.State.Writer.Executions.Select(e => e.Mode).ToArray());
        await Poll.UntilAsync(() => emulator.State.Writer.Jobs.Single().Status, s => s == "completed");
    }

    [Fact]
    public async Task Refused_requests_are_not_dropped_by_accept_then_drop()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule { Mode = ChaosMode.AcceptThenDrop }));
        using var http = emulator.CreateClient();

        using var response = await WorkspaceAgentsClient.TriggerAsync(http, "x", token: DemoFixture.UnsharedToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Targeted_rules_leave_other_triggers_alone()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule
        {
            Platform = ChaosPlatform.WorkspaceAgents,
            Target = DemoFixture.GatedChannel,
            Mode = ChaosMode.ServerError,
        }));
        using var http = emulator.CreateClient();

        using var gated = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("G"), DemoFixture.GatedChannel);
        using var demo = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("D"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gated.StatusCode);
        Assert.Equal("server_error", (await gated.ReadJsonAsync()).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Accepted, demo.StatusCode);
    }

    [Fact]
    public async Task A_global_rule_hits_every_platform_in_its_own_error_shape()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule { Mode = ChaosMode.ServerError, Count = 4 }));
        using var http = emulator.CreateClient();

        using var wa = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("A"));
        using var gw = await GptWorkbenchClient.TriggerAsync(http, "b");
        using var docsRequest = HttpExtensions.JsonPost($"api/webhooks/agents/{DemoFixture.DocsGptToken}", "{}");
        using var docs = await http.SendAsync(docsRequest);
        using var writerRequest = WriterClient.Post(WriterClient.BlueprintPath());
        using var writer = await http.SendAsync(writerRequest);

        Assert.All(new[] { wa, gw, docs, writer }, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.True((await wa.ReadJsonAsync()).TryGetProperty("error", out _));
        Assert.True((await gw.ReadJsonAsync()).TryGetProperty("code", out _));
        Assert.False((await docs.ReadJsonAsync()).GetProperty("success").GetBoolean());
        Assert.Equal("ServiceUnavailable", (await writer.ReadJsonAsync()).GetProperty("tpe").GetString());
        Assert.Equal(
            [ChaosPlatform.WorkspaceAgents, ChaosPlatform.GptWorkbench, ChaosPlatform.DocsGpt, ChaosPlatform.Writer],
            emulator.State.Chaos.Events.Select(e => e.Platform).ToArray());
    }

    [Fact]
    public async Task Chaos_admin_validates_replaces_and_clears_rules()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var invalid = await http.PutAsync("_emulator/chaos", new StringContent("{\"rules\":[{\"mode\":\"server_error\",\"statusCode\":404}]}"));
        using var malformed = await http.PutAsync("_emulator/chaos", new StringContent("{\"rules\":[{\"mode\":\"explode\"}]}"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        await ConfigureAsync(http, "{\"seed\":7,\"rules\":[{\"id\":\"r1\",\"mode\":\"server_error\"}]}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await DocsGptAsync(http));
        var state = await http.GetJsonAsync("_emulator/chaos");
        Assert.Equal("r1", state.GetProperty("events")[0].GetProperty("ruleId").GetString());

        using var cleared = await http.DeleteAsync("_emulator/chaos");
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await DocsGptAsync(http));
    }

    [Fact]
    public async Task Chaos_does_not_touch_polling_or_admin_endpoints()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.Chaos.Rules.Add(new ChaosRule { Mode = ChaosMode.ServerError }));
        using var http = emulator.CreateClient();

        using var status = await http.GetAsync($"webhooks/trigger/{DemoFixture.GptWorkbenchToken}/status");
        using var task = await http.GetAsync("api/task_status?task_id=x");
        using var admin = await http.GetAsync("_emulator/runs");

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, task.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }
}
