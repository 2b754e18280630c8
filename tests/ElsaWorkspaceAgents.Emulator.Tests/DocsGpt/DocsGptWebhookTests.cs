using System.Net;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ElsaWorkspaceAgents.Emulator.Tests.DocsGpt;

/// <summary>DocsGPT agent webhooks: POST and GET triggers, idempotency, task states.</summary>
public sealed class DocsGptWebhookTests
{
    private static string WebhookPath(string token = DemoFixture.DocsGptToken) => $"api/webhooks/agents/{token}";

    private static async Task<string> PostAsync(HttpClient http, string json, string? idempotencyKey = null, string token = DemoFixture.DocsGptToken)
    {
        using var request = HttpExtensions.JsonPost(WebhookPath(token), json, idempotencyKey: idempotencyKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.True(body.GetProperty("success").GetBoolean());
        return body.GetProperty("task_id").GetString()!;
    }

    private static Task<JsonElement> WaitForStatusAsync(HttpClient http, string taskId, string status) =>
        Poll.UntilAsync(() => http.GetJsonAsync($"api/task_status?task_id={taskId}"), j => j.GetProperty("status").GetString() == status, what: $"task {status}");

    [Fact]
    public async Task Post_returns_a_task_id_and_the_task_succeeds_with_a_deterministic_answer()
    {
        await using var emulator = await TestEmulator.StartAsync(timings: t => t.DocsGptStepDelay = TimeSpan.FromMilliseconds(150));
        using var http = emulator.CreateClient();

        var taskId = await PostAsync(http, "{\"question\": \"Your message to agent\"}");
        Assert.True(Guid.TryParse(taskId, out _));

        var success = await WaitForStatusAsync(http, taskId, "SUCCESS");
        var result = success.GetProperty("result");
        Assert.Equal("success", result.GetProperty("status").GetString());
        Assert.Equal("DocsGPT agent demo-agent answered: Your message to agent", result.GetProperty("result").GetProperty("answer").GetString());
        var history = emulator.State.DocsGpt.GetTask(taskId)!.History.Select(h => h.Status).ToArray();
        Assert.Equal([DocsGptTaskStatus.Pending, DocsGptTaskStatus.Started, DocsGptTaskStatus.Progress, DocsGptTaskStatus.Success], history);
    }

    [Fact]
    public async Task Intermediate_states_carry_the_documented_result_shapes()
    {
        // Each state lasts 1.5 s so a 20 ms poller sees PROGRESS even on a loaded machine.
        await using var emulator = await TestEmulator.StartAsync(timings: t => t.DocsGptStepDelay = TimeSpan.FromMilliseconds(1500));
        using var http = emulator.CreateClient();

        var taskId = await PostAsync(http, "{\"question\": \"slow\"}");
        var pending = await http.GetJsonAsync($"api/task_status?task_id={taskId}");
        var progress = await WaitForStatusAsync(http, taskId, "PROGRESS");

        Assert.Contains(pending.GetProperty("status").GetString(), new[] { "PENDING", "STARTED", "PROGRESS" });
        Assert.Equal(50, progress.GetProperty("result").GetProperty("current").GetInt32());
        await WaitForStatusAsync(http, taskId, "SUCCESS");
    }

    [Fact]
    public async Task Failing_agent_ends_in_failure_with_an_error_result()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        var taskId = await PostAsync(http, "{\"question\": \"q\"}", token: DemoFixture.DocsGptFailingToken);
        var failure = await WaitForStatusAsync(http, taskId, "FAILURE");

        Assert.Equal("Simulated agent failure", failure.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Retrying_agent_goes_through_retry_then_succeeds()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        var taskId = await PostAsync(http, "{\"question\": \"q\"}", token: DemoFixture.DocsGptRetryingToken);
        await WaitForStatusAsync(http, taskId, "SUCCESS");

        var statuses = emulator.State.DocsGpt.GetTask(taskId)!.History.Select(h => h.Status).ToArray();
        Assert.Equal(["PENDING", "STARTED", "RETRY", "STARTED", "PROGRESS", "SUCCESS"], statuses);
    }

    [Fact]
    public async Task Get_maps_the_query_string_to_the_payload()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await http.GetAsync(WebhookPath() + "?question=Your+message+to+agent&priority=high&priority=low");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var taskId = (await response.ReadJsonAsync()).GetProperty("task_id").GetString()!;

        var task = emulator.State.DocsGpt.GetTask(taskId)!;
        Assert.Equal("GET", task.Method);
        Assert.Equal("{\"question\":\"Your message to agent\",\"priority\":\"high\"}", task.Payload!.ToJsonString());
        var success = await WaitForStatusAsync(http, taskId, "SUCCESS");
        Assert.Equal("DocsGPT agent demo-agent answered: Your message to agent", success.GetProperty("result").GetProperty("result").GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Payload_without_a_question_is_answered_from_its_json()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        var taskId = await PostAsync(http, "{\"event\": \"order.created\", \"id\": 4567}");
        var success = await WaitForStatusAsync(http, taskId, "SUCCESS");

        Assert.Equal("DocsGPT agent demo-agent answered: {\"event\":\"order.created\",\"id\":4567}", success.GetProperty("result").GetProperty("result").GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Same_idempotency_key_within_24_hours_returns_the_original_task_and_after_it_a_new_one()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await TestEmulator.StartAsync(time: clock);
        using var http = emulator.CreateClient();

        var first = await PostAsync(http, "{\"question\": \"order\"}", "order-4567-created");
        clock.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));
        var retried = await PostAsync(http, "{\"question\": \"order\"}", "order-4567-created");
        using var viaGet = new HttpRequestMessage(HttpMethod.Get, WebhookPath() + "?question=order");
        viaGet.Headers.TryAddWithoutValidation("Idempotency-Key", "order-4567-created");
        using var getResponse = await http.SendAsync(viaGet);
        var viaGetId = (await getResponse.ReadJsonAsync()).GetProperty("task_id").GetString();

        Assert.Equal(first, retried);
        Assert.Equal(first, viaGetId);
        Assert.Single(emulator.State.DocsGpt.Tasks);
        Assert.Equal(2, emulator.State.DocsGpt.GetTask(first)!.DuplicateHits);

        clock.Advance(TimeSpan.FromMinutes(2));
        var afterWindow = await PostAsync(http, "{\"question\": \"order\"}", "order-4567-created");
        Assert.NotEqual(first, afterWindow);
        Assert.Equal(2, emulator.State.DocsGpt.Tasks.Count);
    }

    [Fact]
    public async Task Idempotency_keys_are_per_agent()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        var a = await PostAsync(http, "{\"question\": \"q\"}", "same-key");
        var b = await PostAsync(http, "{\"question\": \"q\"}", "same-key", DemoFixture.DocsGptRetryingToken);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Idempotency_key_longer_than_256_characters_is_400()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var ok = HttpExtensions.JsonPost(WebhookPath(), "{\"question\": \"q\"}", idempotencyKey: new string('k', 256));
        using var tooLong = HttpExtensions.JsonPost(WebhookPath(), "{\"question\": \"q\"}", idempotencyKey: new string('k', 257));

        using var okResponse = await http.SendAsync(ok);
        using var tooLongResponse = await http.SendAsync(tooLong);

        Assert.Equal(HttpStatusCode.OK, okResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLongResponse.StatusCode);
        Assert.False((await tooLongResponse.ReadJsonAsync()).GetProperty("success").GetBoolean());
        Assert.Single(emulator.State.DocsGpt.Tasks);
    }

    [Fact]
    public async Task Unknown_token_is_404_json()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var post = HttpExtensions.JsonPost(WebhookPath("no_such_token"), "{}");
        using var postResponse = await http.SendAsync(post);
        using var getResponse = await http.GetAsync(WebhookPath("no_such_token") + "?question=x");

        Assert.Equal(HttpStatusCode.NotFound, postResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, getResponse.StatusCode);
        var body = await postResponse.ReadJsonAsync();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("Agent not found", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("", "application/json")]
    [InlineData("{not json", "application/json")]
    [InlineData("null", "application/json")]
    [InlineData("{\"question\":\"q\"}", "text/plain")]
    public async Task Missing_or_invalid_json_is_400(string body, string contentType)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = HttpExtensions.JsonPost(WebhookPath(), body, contentType: contentType);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid or missing JSON data in request body", (await response.ReadJsonAsync()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Task_status_needs_a_task_id_and_reports_unknown_ids_as_pending_like_celery()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var missing = await http.GetAsync("api/task_status");
        var unknown = await http.GetJsonAsync("api/task_status?task_id=00000000-0000-0000-0000-000000000000");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("PENDING", unknown.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Admin_lists_tasks()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        var taskId = await PostAsync(http, "{\"question\": \"q\"}");

        var tasks = await http.GetJsonAsync("_emulator/docsgpt/tasks");
        var one = await http.GetJsonAsync($"_emulator/docsgpt/tasks/{taskId}");

        Assert.Equal(taskId, tasks[0].GetProperty("taskId").GetString());
        Assert.Equal("demo-agent", one.GetProperty("agentName").GetString());
    }
}
