using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Resilience;

/// <summary>
/// The total time budget bounds the whole call, attempts and waits alike, though it is enforced by the retry strategy
/// itself (no outer timeout): an attempt is cut where the budget ends, a backoff is never slept past it, and no attempt
/// starts once it is spent. Outcomes are asserted, never durations (faults injected by the emulator over loopback).
/// </summary>
public sealed class RetryBudgetTests : EmulatorTest
{
    protected override void Configure(WorkspaceAgentsOptions options)
    {
        // Every limit but the total is generous: whatever ends these calls early is the 3 s budget. The budget is long
        // enough for the first attempt to be answered within it on a loaded machine (the emulator answers at once), so
        // the call always reaches the decision these tests are about: whether to wait past the budget.
        options.Retry.MaxAttempts = 5;
        options.Retry.AttemptTimeout = TimeSpan.FromSeconds(30);
        options.Retry.BaseDelay = TimeSpan.FromSeconds(20);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        options.Retry.TotalTimeout = TimeSpan.FromSeconds(3);
        options.Connections["default"] = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents, BaseUrl = Emulator.BaseAddress, TriggerId = "agtch_demo", Token = DemoFixture.WorkspaceAgentsToken,
        };
    }

    private Task<TriggerOutcome> TriggerAsync() =>
        Services.GetRequiredService<IAgentTriggerService>().TriggerAsync(Request("Write the demo update. Request ID: DEMO-BUDGET"), "default");

    [Fact]
    public async Task An_attempt_longer_than_the_whole_budget_is_cut_where_the_budget_ends()
    {
        // The attempt timeout alone (30 s) would wait for the held request; the budget must not.
        await Emulator.SetAsync(new { mode = "timeout", holdMs = 20_000 });

        var outcome = await TriggerAsync();

        Assert.Equal(TriggerOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("No answer in time", outcome.Detail);
        var only = Assert.Single(outcome.AttemptHistory);
        Assert.Null(only.HttpStatus);
        Assert.False(only.Retried);
        Assert.Contains("budget ran out", only.Reason);
    }

    [Fact]
    public async Task A_backoff_longer_than_the_remaining_budget_ends_the_call_at_the_budget_without_another_attempt()
    {
        // The first backoff (10-30 s) is longer than the whole budget.
        await Emulator.SetAsync(new { mode = "server_error", statusCode = 503 });

        var outcome = await TriggerAsync();

        Assert.Equal(TriggerOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("No answer in time", outcome.Detail);
        var only = Assert.Single(outcome.AttemptHistory);
        Assert.Equal(503, only.HttpStatus);
        Assert.False(only.Retried);
        Assert.Contains("budget ran out", only.Reason);
    }
}
