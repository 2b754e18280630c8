using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Platforms.GptWorkbench;

/// <summary>Seed 002 (GPT Workbench API triggers) over real HTTP against the emulator, through the DI-built client.</summary>
public sealed class GptWorkbenchTriggerTests : EmulatorTest
{
    private const string Token = DemoFixture.GptWorkbenchToken;
    private const string TriggerAdmin = "_emulator/gpt-workbench/triggers/" + DemoFixture.GptWorkbenchTriggerId;

    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Retry.MaxAttempts = 3;
        options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        options.Connections["default"] = Connection(Token);
        options.Connections["wrong-token"] = Connection("not_the_token_0123456789");
        options.Connections["slash-token"] = Connection("abc/def" + Token);
        options.Connections["no-token"] = Connection(null);
    }

    private IAgentTriggerService Triggers => Services.GetRequiredService<IAgentTriggerService>();

    private IAgentRunTracker Runs => Services.GetRequiredService<IAgentRunTracker>();

    private AgentConnection Connection(string? token) => new() { Platform = AgentPlatform.GptWorkbench, BaseUrl = Emulator.BaseAddress, Token = token };

    private Task<JsonElement> LogsAsync() => Emulator.GetJsonAsync(TriggerAdmin + "/logs");

    [Fact]
    public async Task A_prompt_is_accepted_with_its_job_id_and_queue_message()
    {
        var outcome = await Triggers.TriggerAsync(Request("Generate a daily summary of open support tickets", source: "helpdesk"));

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(202, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.True(Guid.TryParse(outcome.RunId, out _), outcome.RunId);
        Assert.Equal("queued", outcome.RunStatus);
        Assert.Contains("Prompt queued for processing", outcome.Detail);
        Assert.Contains("2-30 seconds", outcome.Detail);
        Assert.Equal(PlatformGuidance.For(AgentPlatform.GptWorkbench, TriggerOutcomeKind.Accepted), outcome.Guidance);

        var log = Assert.Single((await LogsAsync()).EnumerateArray());
        Assert.Equal(outcome.RunId, log.GetProperty("jobId").GetString());
        Assert.Equal("Generate a daily summary of open support tickets", log.GetProperty("prompt").GetString());
        Assert.Equal("helpdesk", log.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Source_is_left_out_when_the_request_has_none()
    {
        var outcome = await Triggers.TriggerAsync(Request("No source here"));

        Assert.True(outcome.IsAccepted);
        var preview = Triggers.Preview(Request("No source here"));
        Assert.Equal("{\"prompt\":\"No source here\"}", preview.Body);
        var log = Assert.Single((await LogsAsync()).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, log.GetProperty("source").ValueKind);
    }

    [Fact]
    public void Preview_masks_the_token_in_the_url_and_sends_no_idempotency_key()
    {
        var preview = Triggers.Preview(Request("Preview me", source: "cron"));

        Assert.Equal("POST", preview.Method);
        Assert.Equal(new Uri(Emulator.BaseAddress, "webhooks/trigger/***").AbsoluteUri, preview.Url);
        Assert.DoesNotContain("Idempotency-Key", preview.Headers.Keys);
        Assert.DoesNotContain("Authorization", preview.Headers.Keys);
        Assert.Equal("{\"prompt\":\"Preview me\",\"source\":\"cron\"}", preview.Body);
        AssertNoSecret([preview.ToString(), .. preview.Headers.Values], Token);
    }

    [Fact]
    public async Task The_run_is_tracked_to_completed_with_the_response()
    {
        var outcome = await Triggers.TriggerAsync(Request("Summarise build #1234", source: "github-actions"));

        var seen = new List<RunSnapshot>();
        await foreach (var snapshot in Runs.WatchAsync("default", outcome.RunId!, FastWait))
        {
            seen.Add(snapshot);
        }

        var last = seen[^1];
        Assert.Equal(RunState.Succeeded, last.State);
        Assert.Equal("completed", last.RawStatus);
        Assert.Equal("GPT Workbench response to: Summarise build #1234", last.Output);
        Assert.Null(last.Error);
        Assert.All(seen, s => Assert.Equal(outcome.RunId, s.RunId));
        Assert.All(seen.Take(seen.Count - 1), s => Assert.Contains(s.State, new[] { RunState.Queued, RunState.Running }));
    }

    [Fact]
    public async Task A_failing_execution_is_tracked_to_failed_with_its_error_message()
    {
        await Emulator.ResetAsync(f => f.GptWorkbench.Triggers[0].FailureMessage = "Thread context too large");

        var outcome = await Triggers.TriggerAsync(Request("This will fail"));
        var last = await Runs.WaitAsync("default", outcome.RunId!, FastWait);

        Assert.Equal(RunState.Failed, last.State);
        Assert.Equal("failed", last.RawStatus);
        Assert.Equal("Thread context too large", last.Error);
    }

    [Fact]
    public async Task A_newer_execution_hides_an_older_one_which_reads_as_superseded()
    {
        var first = await Triggers.TriggerAsync(Request("First prompt"));
        var second = await Triggers.TriggerAsync(Request("Second prompt"));

        var older = await Runs.GetStatusAsync("default", first.RunId!);
        var newer = await Runs.WaitAsync("default", second.RunId!, FastWait);

        Assert.Equal(RunState.Unknown, older.State);
        Assert.Equal("superseded", older.RawStatus);
        Assert.Contains(second.RunId!, older.Error);
        Assert.False(older.IsTerminal);
        Assert.True(older.NoLongerObservable);
        Assert.Equal(RunState.Succeeded, newer.State);
    }

    [Fact]
    public async Task Waiting_for_a_superseded_run_ends_at_once_instead_of_at_the_deadline()
    {
        var first = await Triggers.TriggerAsync(Request("First prompt"));
        var second = await Triggers.TriggerAsync(Request("Second prompt"));
        await Runs.WaitAsync("default", second.RunId!, FastWait);

        // A deadline far beyond the test's own run time: returning at all proves the wait stopped on the snapshot.
        var last = await Runs.WaitAsync("default", first.RunId!, new RunWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromHours(1) })
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("superseded", last.RawStatus);
        Assert.True(last.NoLongerObservable);
    }

    [Fact]
    public async Task An_unknown_token_is_not_found_with_guidance_and_no_token_in_the_detail()
    {
        var outcome = await Triggers.TriggerAsync(Request("Hello"), "wrong-token");

        Assert.Equal(TriggerOutcomeKind.NotFound, outcome.Kind);
        Assert.Equal(404, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains("Invalid or expired API token", outcome.Detail);
        Assert.Contains("regenerated", outcome.Guidance);
        var exception = await Assert.ThrowsAsync<RunTrackingException>(() => Runs.GetStatusAsync("wrong-token", "any-job"));
        Assert.Equal(404, exception.HttpStatus);
        AssertNoSecret([outcome.ToString(), exception.ToString()], "not_the_token_0123456789");
    }

    [Fact]
    public async Task A_disabled_trigger_answers_not_found()
    {
        await Emulator.PostAdminAsync(TriggerAdmin + "/disable");

        var outcome = await Triggers.TriggerAsync(Request("Hello"));

        Assert.Equal(TriggerOutcomeKind.NotFound, outcome.Kind);
        Assert.Contains("disabled", outcome.Guidance);
    }

    [Fact]
    public async Task A_regenerated_token_invalidates_the_old_url_at_once()
    {
        var before = await Triggers.TriggerAsync(Request("Before"));
        await Emulator.PostAdminAsync(TriggerAdmin + "/regenerate");

        var after = await Triggers.TriggerAsync(Request("After"));

        Assert.True(before.IsAccepted);
        Assert.Equal(TriggerOutcomeKind.NotFound, after.Kind);
        Assert.Contains("copy the current URL", after.Guidance);
    }

    [Fact]
    public async Task A_caller_outside_the_ip_whitelist_is_forbidden()
    {
        await Emulator.PutAdminAsync(TriggerAdmin + "/ip-whitelist", new { entries = new[] { "203.0.113.0/24" } });

        var outcome = await Triggers.TriggerAsync(Request("Hello"));

        Assert.Equal(TriggerOutcomeKind.Forbidden, outcome.Kind);
        Assert.Equal(403, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains("IP address not whitelisted", outcome.Detail);
        Assert.Contains("IP whitelist", outcome.Guidance);
        Assert.Empty((await LogsAsync()).EnumerateArray());
    }

    [Fact]
    public async Task The_hourly_rate_limit_is_reported_with_retry_after_and_not_waited_out()
    {
        await Emulator.PutAdminAsync(TriggerAdmin + "/rate-limit", new { perHour = 1 });

        var first = await Triggers.TriggerAsync(Request("One"));
        var second = await Triggers.TriggerAsync(Request("Two"));

        Assert.True(first.IsAccepted);
        Assert.Equal(TriggerOutcomeKind.RateLimited, second.Kind);
        Assert.Equal(429, second.HttpStatus);

        // The hour-long Retry-After is beyond the retry budget's longest wait, so it is reported rather than slept on.
        Assert.Equal(1, second.Attempts);
        Assert.NotNull(second.RetryAfter);
        Assert.True(second.RetryAfter > TimeSpan.FromMinutes(1), second.RetryAfter.ToString());
        Assert.Contains("hourly rate limit", second.Guidance);
        Assert.Contains("Rate limit exceeded", second.Detail);

        // The refused call never became a job, so the first run is still the one the status endpoint reports.
        var status = await Runs.WaitAsync("default", first.RunId!, FastWait);
        Assert.Equal(RunState.Succeeded, status.State);
    }

    [Fact]
    public async Task A_short_retry_after_is_honoured_and_the_same_prompt_is_sent_once_more()
    {
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "rate_limit", count = 1, retryAfterSeconds = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Retry me"));

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        Assert.Single((await LogsAsync()).EnumerateArray());
    }

    [Fact]
    public async Task A_503_is_retried_because_it_started_nothing()
    {
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "server_error", statusCode = 503, count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Retry me"));

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
    }

    [Fact]
    public async Task A_lost_answer_is_not_resent_and_the_status_endpoint_proves_it_arrived_so_it_is_accepted_with_its_job()
    {
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "accept_then_drop", count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Only once", source: "helpdesk"));

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains("status endpoint shows this prompt", outcome.Detail);
        var log = Assert.Single((await LogsAsync()).EnumerateArray());
        Assert.Equal(log.GetProperty("jobId").GetString(), outcome.RunId);
        Assert.Equal(PlatformGuidance.For(AgentPlatform.GptWorkbench, TriggerOutcomeKind.Accepted), outcome.Guidance);
    }

    [Fact]
    public async Task A_500_is_unconfirmed_not_resent_and_says_to_check_the_execution_logs_when_the_status_cannot_settle_it()
    {
        var earlier = await Triggers.TriggerAsync(Request("An earlier prompt"));
        Assert.True(earlier.IsAccepted, earlier.Detail);
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "server_error", statusCode = 500, count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Maybe queued"));

        Assert.Equal(TriggerOutcomeKind.Unconfirmed, outcome.Kind);
        Assert.Equal(500, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Null(outcome.RunId);
        Assert.Contains("does not show this prompt", outcome.Detail);
        Assert.Contains("execution logs", outcome.Guidance);
        Assert.DoesNotContain("same idempotency key", outcome.Guidance, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ResendAdvice.OnlyDeliberately, ResendPolicy.ForOutcome(outcome));
        var log = Assert.Single((await LogsAsync()).EnumerateArray());
        Assert.Equal(earlier.RunId, log.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task An_earlier_execution_of_the_same_prompt_does_not_settle_a_later_lost_request()
    {
        var earlier = await Triggers.TriggerAsync(Request("Same prompt every day"));
        Assert.True(earlier.IsAccepted, earlier.Detail);
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "connection_reset", count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Same prompt every day"));

        Assert.Equal(TriggerOutcomeKind.Unconfirmed, outcome.Kind);
        Assert.Equal(1, outcome.Attempts);
        Assert.Null(outcome.RunId);
        Assert.Single((await LogsAsync()).EnumerateArray());
    }

    [Theory]
    [InlineData(504)]
    [InlineData(502)]
    public async Task A_gateway_error_after_the_prompt_was_queued_is_not_resent_and_the_status_endpoint_settles_it(int status)
    {
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "server_error", statusCode = status, afterProcessing = true, count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Queued behind a slow gateway"));

        // Not re-sent (one attempt, one execution); the status endpoint shows the prompt, so the doubt is settled.
        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains("status endpoint shows this prompt", outcome.Detail);
        var log = Assert.Single((await LogsAsync()).EnumerateArray());
        Assert.Equal(log.GetProperty("jobId").GetString(), outcome.RunId);
    }

    [Fact]
    public async Task A_gateway_error_whose_prompt_the_status_does_not_show_is_unconfirmed_and_not_resent()
    {
        var earlier = await Triggers.TriggerAsync(Request("An earlier prompt"));
        Assert.True(earlier.IsAccepted, earlier.Detail);
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "server_error", statusCode = 504, count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Maybe queued"));

        Assert.Equal(TriggerOutcomeKind.Unconfirmed, outcome.Kind);
        Assert.Equal(504, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains("execution logs", outcome.Guidance);
        Assert.Single((await LogsAsync()).EnumerateArray());
    }

    [Fact]
    public async Task An_attempt_that_times_out_after_sending_is_unconfirmed_and_not_resent()
    {
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "timeout", holdMs = 15_000, count = 1 });

        var outcome = await Triggers.TriggerAsync(Request("Held too long"));

        Assert.Equal(TriggerOutcomeKind.Unconfirmed, outcome.Kind);
        Assert.Null(outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains("may have accepted it", outcome.Detail);
        Assert.Contains("not re-sent", outcome.Detail);
        var chaos = await Emulator.GetJsonAsync("_emulator/chaos");
        Assert.Single(chaos.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task A_call_cancelled_while_its_request_is_on_the_wire_says_the_request_may_have_arrived()
    {
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "timeout", holdMs = 2_000, count = 1 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<TriggerCancelledException>(() => Triggers.TriggerAsync(Request("Cancel me"), cancellationToken: cancel.Token));

        Assert.True(error.RequestMayHaveArrived);
        Assert.Equal(ResendAdvice.OnlyDeliberately, ResendPolicy.ForInterruptedSend(AgentPlatform.GptWorkbench, error.RequestMayHaveArrived));
    }

    [Fact]
    public async Task A_call_cancelled_while_it_waits_out_a_retry_after_says_nothing_was_sent()
    {
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "rate_limit", retryAfterSeconds = 15, count = 1 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<TriggerCancelledException>(() => Triggers.TriggerAsync(Request("Wait for me"), cancellationToken: cancel.Token));

        Assert.False(error.RequestMayHaveArrived);
        Assert.Equal(ResendAdvice.Automatically, ResendPolicy.ForInterruptedSend(AgentPlatform.GptWorkbench, error.RequestMayHaveArrived));
        Assert.Empty((await LogsAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Invalid_input_is_refused_before_anything_is_sent()
    {
        var tooLong = await Triggers.TriggerAsync(Request(new string('x', PlatformInputLimits.GptWorkbenchPrompt + 1)));
        var longSource = await Triggers.TriggerAsync(Request("Hello", source: new string('s', PlatformInputLimits.GptWorkbenchSource + 1)));
        var slash = await Triggers.TriggerAsync(Request("Hello"), "slash-token");
        var missing = await Triggers.TriggerAsync(Request("Hello"), "no-token");
        var structuredOnly = await Triggers.TriggerAsync(Request(" ", structured: Json("{\"a\":1}")));

        foreach (var outcome in new[] { tooLong, longSource, slash, missing, structuredOnly })
        {
            Assert.Equal(TriggerOutcomeKind.InvalidInput, outcome.Kind);
            Assert.Equal(0, outcome.Attempts);
            Assert.Null(outcome.HttpStatus);
        }

        Assert.Contains("50,000", tooLong.Detail);
        Assert.Contains("100", longSource.Detail);
        Assert.Contains("GPT Workbench API token", slash.Detail);
        Assert.Contains("missing", missing.Detail);
        Assert.Empty((await LogsAsync()).EnumerateArray());
        AssertNoSecret([slash.ToString()], Token);

        // Exactly at the limits is fine.
        var atLimit = await Triggers.TriggerAsync(Request(new string('x', PlatformInputLimits.GptWorkbenchPrompt), source: new string('s', 100)));
        Assert.True(atLimit.IsAccepted, atLimit.Detail);
    }

    [Fact]
    public async Task The_token_never_appears_in_logs_outcomes_previews_or_exceptions()
    {
        var texts = new List<string?>();
        var kinds = new HashSet<TriggerOutcomeKind>();
        async Task Trigger(string connection = "default", string input = "Leak check")
        {
            var outcome = await Triggers.TriggerAsync(Request(input), connection);
            kinds.Add(outcome.Kind);
            texts.Add(outcome.ToString());
            if (outcome.RunId is { } runId)
            {
                texts.Add((await Runs.GetStatusAsync(connection, runId)).ToString());
            }
        }

        await Trigger();
        await Trigger(input: new string('x', 60_000));
        await Trigger("slash-token");
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "accept_then_drop", count = 1 });
        await Trigger();
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "connection_reset" });
        await Trigger();
        await Emulator.SetAsync();
        await Emulator.PutAdminAsync(TriggerAdmin + "/ip-whitelist", new { entries = new[] { "203.0.113.7" } });
        await Trigger();
        var forbiddenStatus = await Assert.ThrowsAsync<RunTrackingException>(() => Runs.GetStatusAsync("default", "job"));
        texts.Add(forbiddenStatus.ToString());
        await Emulator.PutAdminAsync(TriggerAdmin + "/ip-whitelist", new { entries = Array.Empty<string>() });
        await Emulator.PutAdminAsync(TriggerAdmin + "/rate-limit", new { perHour = 1 });
        await Trigger();
        await Emulator.PostAdminAsync(TriggerAdmin + "/disable");
        await Trigger();
        var notFoundStatus = await Assert.ThrowsAsync<RunTrackingException>(() => Runs.GetStatusAsync("default", "job"));
        texts.Add(notFoundStatus.ToString());
        texts.Add(Triggers.Preview(Request("Preview")).ToString());
        texts.Add(Services.GetRequiredService<IAgentConnectionRegistry>().Describe("default").ToString());
        texts.AddRange(Services.AllLogText());

        Assert.Superset(new HashSet<TriggerOutcomeKind>
        {
            TriggerOutcomeKind.Accepted, TriggerOutcomeKind.InvalidInput, TriggerOutcomeKind.Unconfirmed, TriggerOutcomeKind.Forbidden,
            TriggerOutcomeKind.RateLimited, TriggerOutcomeKind.NotFound,
        }, kinds);
        Assert.NotEmpty(Services.Logs().GetSnapshot());
        AssertNoSecret(texts, Token);
    }
}
