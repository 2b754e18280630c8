using System.Net;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ElsaWorkspaceAgents.Emulator.Tests.GptWorkbench;

/// <summary>Trigger call, status, ephemeral execution, logs, rate limit, enable/disable and regeneration.</summary>
public sealed class GptWorkbenchTriggerTests
{
    [Fact]
    public async Task Trigger_answers_202_with_the_documented_body_and_completes()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await GptWorkbenchClient.TriggerAsync(http, "Generate a daily summary of open support tickets", "helpdesk");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["jobId", "status", "message", "estimatedWaitTime"], body.EnumerateObject().Select(p => p.Name).ToArray());
        var jobId = body.GetProperty("jobId").GetString()!;
        Assert.True(Guid.TryParse(jobId, out _));
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal("Prompt queued for processing", body.GetProperty("message").GetString());
        Assert.Equal("2-30 seconds", body.GetProperty("estimatedWaitTime").GetString());

        var status = await GptWorkbenchClient.WaitForStatusAsync(http, jobId, "completed");
        Assert.Equal("GPT Workbench response to: Generate a daily summary of open support tickets", status.GetProperty("response").GetString());
        Assert.StartsWith("run_", status.GetProperty("runId").GetString());
        Assert.Equal(JsonValueKindNull, status.GetProperty("errorMessage").ValueKind);
        Assert.NotNull(status.GetProperty("completedAt").GetString());

        var history = emulator.State.GptWorkbench.GetThreadMessages(DemoFixture.GptWorkbenchThreadId)!;
        Assert.Equal(["user", "assistant"], history.Select(m => m.Role).ToArray());
        var trigger = emulator.State.GptWorkbench.GetTrigger(DemoFixture.GptWorkbenchTriggerId)!;
        Assert.Equal(1, trigger.TotalCalls);
        Assert.NotNull(trigger.LastTriggeredAt);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Status_before_any_call_is_idle_and_long_prompts_are_cut_to_200_characters()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        var idle = await http.GetJsonAsync($"webhooks/trigger/{DemoFixture.GptWorkbenchToken}/status");
        Assert.Equal("idle", idle.GetProperty("status").GetString());

        var prompt = new string('p', 300);
        var jobId = await GptWorkbenchClient.QueuedJobIdAsync(http, prompt);
        var done = await GptWorkbenchClient.WaitForStatusAsync(http, jobId, "completed");
        Assert.Equal("GPT Workbench response to: " + new string('p', 200), done.GetProperty("response").GetString());
    }

    [Fact]
    public async Task Ephemeral_execution_keeps_the_thread_history_clean()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.GptWorkbench.Triggers[0].Ephemeral = true);
        using var http = emulator.CreateClient();

        var jobId = await GptWorkbenchClient.QueuedJobIdAsync(http, "stateless prompt");
        await GptWorkbenchClient.WaitForStatusAsync(http, jobId, "completed");

        Assert.Empty(emulator.State.GptWorkbench.GetThreadMessages(DemoFixture.GptWorkbenchThreadId)!);
        Assert.Equal("GPT Workbench response to: stateless prompt", emulator.State.GptWorkbench.GetJob(jobId)!.Response);
        var history = await http.GetJsonAsync($"_emulator/gpt-workbench/threads/{DemoFixture.GptWorkbenchThreadId}/messages");
        Assert.Equal(0, history.GetArrayLength());
    }

    [Fact]
    public async Task Failing_trigger_reports_failed_with_an_error_message()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.GptWorkbench.Triggers[0].FailureMessage = "Model quota exhausted");
        using var http = emulator.CreateClient();

        var jobId = await GptWorkbenchClient.QueuedJobIdAsync(http, "will fail");
        var status = await GptWorkbenchClient.WaitForStatusAsync(http, jobId, "failed");

        Assert.Equal("Model quota exhausted", status.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData("{}", "application/json")]
    [InlineData("{\"prompt\":42}", "application/json")]
    [InlineData("{\"prompt\":\"\"}", "application/json")]
    [InlineData("{\"prompt\":\"ok\",\"source\":5}", "application/json")]
    [InlineData("{\"prompt\":", "application/json")]
    [InlineData("[1]", "application/json")]
    [InlineData("{\"prompt\":\"ok\"}", "text/plain")]
    public async Task Invalid_requests_are_400(string body, string contentType)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = HttpExtensions.JsonPost($"webhooks/trigger/{DemoFixture.GptWorkbenchToken}", body, contentType: contentType);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Empty(emulator.State.GptWorkbench.GetLogs(DemoFixture.GptWorkbenchTriggerId)!);
    }

    [Fact]
    public async Task Length_limits_are_50000_for_prompt_and_100_for_source()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var maxPrompt = await GptWorkbenchClient.TriggerAsync(http, new string('a', 50_000), new string('s', 100));
        using var longPrompt = await GptWorkbenchClient.TriggerAsync(http, new string('a', 50_001));
        using var longSource = await GptWorkbenchClient.TriggerAsync(http, "ok", new string('s', 101));

        Assert.Equal(HttpStatusCode.Accepted, maxPrompt.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longPrompt.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longSource.StatusCode);
    }

    [Fact]
    public async Task Unknown_token_is_404()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await GptWorkbenchClient.TriggerAsync(http, "hi", token: new string('x', 64));
        using var status = await http.GetAsync($"webhooks/trigger/{new string('x', 64)}/status");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("invalid_token", (await response.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task Disabled_trigger_answers_404_to_everything_until_enabled()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var disable = await http.PostAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        using var post = await GptWorkbenchClient.TriggerAsync(http, "hi");
        using var status = await http.GetAsync($"webhooks/trigger/{DemoFixture.GptWorkbenchToken}/status");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);

        using var enable = await http.PostAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/enable", null);
        using var again = await GptWorkbenchClient.TriggerAsync(http, "hi");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Fact]
    public async Task Regenerating_the_token_invalidates_the_old_url_at_once()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var regenerate = await http.PostAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/regenerate", null);
        var newToken = (await regenerate.ReadJsonAsync()).GetProperty("apiToken").GetString()!;

        Assert.Equal(64, newToken.Length);
        Assert.NotEqual(DemoFixture.GptWorkbenchToken, newToken);
        using var old = await GptWorkbenchClient.TriggerAsync(http, "hi");
        using var fresh = await GptWorkbenchClient.TriggerAsync(http, "hi", token: newToken);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
    }

    [Fact]
    public async Task Hourly_rate_limit_answers_429_with_retry_after_and_recovers_after_an_hour()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var emulator = await TestEmulator.StartAsync(f => f.GptWorkbench.Triggers[0].RateLimitPerHour = 3, clock);
        using var http = emulator.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var ok = await GptWorkbenchClient.TriggerAsync(http, $"call {i}");
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        using var limited = await GptWorkbenchClient.TriggerAsync(http, "one too many");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        // The oldest call leaves the rolling hour 30 minutes from now.
        Assert.Equal(TimeSpan.FromMinutes(30), limited.Headers.RetryAfter!.Delta);
        Assert.Equal("rate_limit_exceeded", (await limited.ReadJsonAsync()).GetProperty("code").GetString());
        var logs = emulator.State.GptWorkbench.GetLogs(DemoFixture.GptWorkbenchTriggerId)!;
        Assert.Equal(WorkbenchExecutionStatus.RateLimited, logs[0].Status);
        Assert.Null(logs[0].JobId);
        Assert.Equal(3, emulator.State.GptWorkbench.GetTrigger(DemoFixture.GptWorkbenchTriggerId)!.TotalCalls);

        clock.Advance(TimeSpan.FromMinutes(30));
        using var recovered = await GptWorkbenchClient.TriggerAsync(http, "after the window");
        Assert.Equal(HttpStatusCode.Accepted, recovered.StatusCode);
    }

    [Fact]
    public async Task Execution_logs_keep_the_last_50_with_the_documented_fields()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.GptWorkbench.Triggers[0].RateLimitPerHour = 1000);
        using var http = emulator.CreateClient();
        for (var i = 0; i < 60; i++)
        {
            using var request = HttpExtensions.JsonPost($"webhooks/trigger/{DemoFixture.GptWorkbenchToken}", $"{{\"prompt\":\"prompt {i}\",\"source\":\"loop\"}}");
            request.Headers.UserAgent.ParseAdd("log-test/1.0");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await emulator.WaitForIdleAsync(TimeSpan.FromSeconds(20));
        var logs = await http.GetJsonAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/logs");

        Assert.Equal(50, logs.GetArrayLength());
        var newest = logs[0];
        Assert.Equal("prompt 59", newest.GetProperty("prompt").GetString());
        Assert.Equal("prompt 10", logs[49].GetProperty("prompt").GetString());
        Assert.Equal("completed", newest.GetProperty("status").GetString());
        foreach (var field in new[] { "status", "prompt", "queuedAt", "jobId", "runId", "errorMessage", "metadata" })
        {
            Assert.True(newest.TryGetProperty(field, out _), field);
        }

        var metadata = newest.GetProperty("metadata");
        Assert.Equal("127.0.0.1", metadata.GetProperty("clientIp").GetString());
        Assert.Equal("log-test/1.0", metadata.GetProperty("userAgent").GetString());
        Assert.True(metadata.TryGetProperty("requestTimestamp", out _));
        Assert.Equal(60, emulator.State.GptWorkbench.GetTrigger(DemoFixture.GptWorkbenchTriggerId)!.TotalCalls);
    }
}
