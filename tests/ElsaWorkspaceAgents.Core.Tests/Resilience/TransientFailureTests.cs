using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace ElsaWorkspaceAgents.Core.Tests.Resilience;

/// <summary>
/// Retries under faults injected by the emulator: only transient failures are retried, always with the same
/// Idempotency-Key, honouring Retry-After, bounded by attempts and time, and never causing a second run.
/// </summary>
public sealed class TransientFailureTests : EmulatorTest
{
    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Retry.MaxAttempts = 4;
        // Long enough that a loaded CI machine never times out a healthy attempt, short enough to test a held one.
        options.Retry.AttemptTimeout = TimeSpan.FromMilliseconds(2_500);
        options.Connections["default"] = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents,
            BaseUrl = Emulator.BaseAddress,
            TriggerId = "agtch_demo",
            Token = "wat_demo_token",
        };
    }

    private static AgentTriggerRequest Request(string requestId)
    {
        var sourceEvent = new SourceEvent
        {
            SourceSystem = "tests", EventType = "retry.check", EventId = requestId, RequestId = requestId, Destination = "demo-channel",
        };
        return new AgentTriggerRequest
        {
            Input = AgentInputBuilder.Build(sourceEvent).Text,
            IdempotencyKey = IdempotencyKey.For(sourceEvent),
            SourceRequestId = requestId,
        };
    }

    private Task<TriggerOutcome> TriggerAsync(AgentTriggerRequest request) =>
        Services.GetRequiredService<IAgentTriggerService>().TriggerAsync(request);

    private IReadOnlyList<FakeLogRecord> AttemptRecords() =>
        Services.Logs().GetSnapshot().Where(r => r.Id.Id is 1001 or 1002).ToArray();

    private async Task AssertExactlyOneRunWithKeyAsync(string key)
    {
        var runs = await EmulatorServer.EventuallyAsync(() => Emulator.GetJsonAsync("_emulator/runs"), r => r.GetArrayLength() > 0);
        await Emulator.Host.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        runs = await Emulator.GetJsonAsync("_emulator/runs");
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Equal(key, run.GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public async Task A_503_burst_is_retried_with_the_same_key_and_starts_exactly_one_run()
    {
        await Emulator.SetAsync(new { mode = "server_error", statusCode = 503, count = 2 });
        var request = Request("DEMO-503");

        var outcome = await TriggerAsync(request);

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(3, outcome.Attempts);
        var attempts = AttemptRecords();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, r => Assert.Equal(request.IdempotencyKey, r.GetStructuredStateValue("IdempotencyKey")));
        Assert.Equal(["503", "503", "202"], attempts.Select(r => r.GetStructuredStateValue("HttpStatus")));
        await AssertExactlyOneRunWithKeyAsync(request.IdempotencyKey);
    }

    [Theory]
    [InlineData("seconds")]
    [InlineData("http_date")]
    public async Task A_429_waits_for_retry_after_in_either_form(string format)
    {
        await Emulator.SetAsync(new { mode = "rate_limit", retryAfterSeconds = 2, retryAfterFormat = format, count = 1 });
        var request = Request("DEMO-429-" + format);

        var outcome = await TriggerAsync(request);

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        var retry = Assert.Single(Services.Logs().GetSnapshot(), r => r.Id.Id == 1006);
        Assert.Equal("True", retry.GetStructuredStateValue("HonouredRetryAfter"));
        // The scheduled delay comes from the header (an HTTP-date has one-second resolution), not from backoff's 20 ms base.
        Assert.True(long.Parse(retry.GetStructuredStateValue("DelayMs")!) >= 900, "the retry delay should follow Retry-After");
        await AssertExactlyOneRunWithKeyAsync(request.IdempotencyKey);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_budget_allows_ends_as_rate_limited_without_waiting()
    {
        await Emulator.SetAsync(new { mode = "rate_limit", retryAfterSeconds = 3600, count = 1 });

        var outcome = await TriggerAsync(Request("DEMO-429-LONG"));

        Assert.Equal(TriggerOutcomeKind.RateLimited, outcome.Kind);
        Assert.Equal(429, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(TimeSpan.FromHours(1), outcome.RetryAfter);
        Assert.NotNull(outcome.Guidance);
    }

    [Fact]
    public async Task Persistent_server_errors_end_as_failed_after_the_attempt_budget_and_start_nothing()
    {
        await Emulator.SetAsync(new { mode = "server_error", statusCode = 503 });

        var outcome = await TriggerAsync(Request("DEMO-503"));

        Assert.Equal(TriggerOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(503, outcome.HttpStatus);
        Assert.Equal(4, outcome.Attempts);
        Assert.Empty((await Emulator.GetJsonAsync("_emulator/runs")).EnumerateArray());
    }

    [Fact]
    public async Task A_connection_reset_is_retried()
    {
        await Emulator.SetAsync(new { mode = "connection_reset", count = 1 });
        var request = Request("DEMO-RESET");

        var outcome = await TriggerAsync(request);

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        await AssertExactlyOneRunWithKeyAsync(request.IdempotencyKey);
    }

    [Fact]
    public async Task A_lost_response_after_acceptance_is_retried_with_the_same_key_and_the_platform_returns_the_original_outcome()
    {
        await Emulator.SetAsync(new { mode = "accept_then_drop", count = 1 });
        var request = Request("DEMO-DROP");

        var outcome = await TriggerAsync(request);

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        await AssertExactlyOneRunWithKeyAsync(request.IdempotencyKey);
        var texts = await EmulatorServer.EventuallyAsync(() => Emulator.DestinationTextsAsync("demo-channel"), t => t.Count > 0);
        Assert.Equal(["Workspace Agent API demo received: DEMO-DROP"], texts);
    }

    [Theory]
    [InlineData(504)]
    [InlineData(502)]
    public async Task A_gateway_error_after_the_run_was_queued_is_retried_with_the_same_key_and_starts_one_run(int status)
    {
        await Emulator.SetAsync(new { mode = "server_error", statusCode = status, afterProcessing = true, count = 1 });
        var request = Request($"DEMO-GW{status}");

        var outcome = await TriggerAsync(request);

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        await AssertExactlyOneRunWithKeyAsync(request.IdempotencyKey);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_retried()
    {
        await Emulator.SetAsync(new { mode = "timeout", holdMs = 5_000, count = 1 });
        var request = Request("DEMO-TIMEOUT");

        var outcome = await TriggerAsync(request);

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(2, outcome.Attempts);
        Assert.Contains(Services.Logs().GetSnapshot(), r => r.Id.Id == 1002);
        await AssertExactlyOneRunWithKeyAsync(request.IdempotencyKey);
    }

    [Fact]
    public async Task Non_transient_refusals_are_never_retried()
    {
        await Emulator.SetAsync(new { mode = "server_error", statusCode = 501, count = 5 });

        var outcome = await TriggerAsync(Request("DEMO-501"));

        Assert.Equal(TriggerOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(1, outcome.Attempts);
    }
}
