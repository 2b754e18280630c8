using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Resilience;

/// <summary>
/// The attempt history on the outcome: every attempt with its status, the delay before the next and why it was retried or
/// not, as the retry rules decided it (faults injected by the emulator over loopback).
/// </summary>
public sealed class AttemptHistoryTests : EmulatorTest
{
    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Retry.MaxAttempts = 3;
        options.Retry.AttemptTimeout = TimeSpan.FromMilliseconds(2_500);
        options.Connections["default"] = WorkspaceAgents("agtch_demo");
        options.Connections["inactive"] = WorkspaceAgents("agtch_inactive");
        options.Connections["workbench"] = new AgentConnection
        {
            Platform = AgentPlatform.GptWorkbench, BaseUrl = Emulator.BaseAddress, Token = DemoFixture.GptWorkbenchToken,
        };
    }

    private AgentConnection WorkspaceAgents(string triggerId) => new()
    {
        Platform = AgentPlatform.WorkspaceAgents, BaseUrl = Emulator.BaseAddress, TriggerId = triggerId, Token = DemoFixture.WorkspaceAgentsToken,
    };

    private Task<TriggerOutcome> TriggerAsync(string connection) =>
        Services.GetRequiredService<IAgentTriggerService>().TriggerAsync(Request("Write the demo update. Request ID: DEMO-HISTORY"), connection);

    [Fact]
    public async Task A_503_burst_shows_each_retried_attempt_with_its_delay_and_the_accepted_one_last()
    {
        await Emulator.SetAsync(new { mode = "server_error", statusCode = 503, count = 2 });

        var outcome = await TriggerAsync("default");

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal([1, 2, 3], outcome.AttemptHistory.Select(a => a.Number));
        Assert.Equal([503, 503, 202], outcome.AttemptHistory.Select(a => a.HttpStatus));
        Assert.Equal([true, true, false], outcome.AttemptHistory.Select(a => a.Retried));
        Assert.All(outcome.AttemptHistory.Take(2), a =>
        {
            Assert.NotNull(a.Delay);
            Assert.False(a.DelayFromRetryAfter);
            Assert.Contains("503 (transient): retried", a.Reason);
        });
        Assert.Null(outcome.AttemptHistory[2].Delay);
        Assert.Equal("Answered 202: done.", outcome.AttemptHistory[2].Reason);
    }

    [Fact]
    public async Task A_429_records_the_platforms_retry_after_as_the_delay()
    {
        await Emulator.SetAsync(new { mode = "rate_limit", retryAfterSeconds = 1, retryAfterFormat = "seconds", count = 1 });

        var outcome = await TriggerAsync("default");

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        var first = outcome.AttemptHistory[0];
        Assert.Equal(429, first.HttpStatus);
        Assert.True(first.Retried);
        Assert.True(first.DelayFromRetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Delay);
    }

    [Fact]
    public async Task A_409_is_one_attempt_that_says_why_it_is_not_retried()
    {
        var outcome = await TriggerAsync("inactive");

        Assert.Equal(TriggerOutcomeKind.Conflict, outcome.Kind);
        var only = Assert.Single(outcome.AttemptHistory);
        Assert.Equal(409, only.HttpStatus);
        Assert.False(only.Retried);
        Assert.Contains("not transient", only.Reason);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_budget_is_not_waited_for_and_the_history_says_so()
    {
        await Emulator.SetAsync(new { mode = "rate_limit", retryAfterSeconds = 3600, count = 1 });

        var outcome = await TriggerAsync("default");

        var only = Assert.Single(outcome.AttemptHistory);
        Assert.False(only.Retried);
        Assert.Contains("Retry-After 3600 s", only.Reason);
    }

    [Fact]
    public async Task The_last_attempt_of_a_persistent_failure_says_the_attempts_are_used_up()
    {
        await Emulator.SetAsync(new { mode = "server_error", statusCode = 503 });

        var outcome = await TriggerAsync("default");

        Assert.Equal(TriggerOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(3, outcome.AttemptHistory.Count);
        Assert.Equal("Answered 503 (transient), but all 3 attempts are used: not retried.", outcome.AttemptHistory[^1].Reason);
        Assert.False(outcome.AttemptHistory[^1].Retried);
    }

    [Fact]
    public async Task A_lost_response_on_a_platform_without_idempotency_is_not_resent_and_the_history_says_why()
    {
        await Emulator.SetAsync(new { platform = "gpt_workbench", mode = "accept_then_drop", count = 1 });

        var outcome = await TriggerAsync("workbench");

        var only = Assert.Single(outcome.AttemptHistory);
        Assert.Null(only.HttpStatus);
        Assert.NotNull(only.Failure);
        Assert.False(only.Retried);
        Assert.Contains("no idempotency key", only.Reason);
    }

    [Fact]
    public async Task A_request_refused_before_sending_has_no_attempts()
    {
        var outcome = await Services.GetRequiredService<IAgentTriggerService>().TriggerAsync(Request(string.Empty), "default");

        Assert.Equal(TriggerOutcomeKind.InvalidInput, outcome.Kind);
        Assert.Empty(outcome.AttemptHistory);
    }
}
