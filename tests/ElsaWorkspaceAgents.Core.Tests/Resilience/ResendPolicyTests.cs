using System.Net;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Triggering;
using Polly.Timeout;

namespace ElsaWorkspaceAgents.Core.Tests.Resilience;

/// <summary>The one retry rule, per platform capability and per failure (the HTTP tests show each platform living by it).</summary>
public sealed class ResendPolicyTests
{
    public static TheoryData<AgentPlatform, bool> Platforms => new()
    {
        { AgentPlatform.WorkspaceAgents, true },
        { AgentPlatform.DocsGpt, true },
        { AgentPlatform.GptWorkbench, false },
        { AgentPlatform.Writer, false },
    };

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Only_workspace_agents_and_docsgpt_honour_the_idempotency_key(AgentPlatform platform, bool honours) =>
        Assert.Equal(honours, ResendPolicy.HonoursIdempotencyKey(platform));

    [Theory]
    [InlineData(429, FailureClass.NothingStarted)]
    [InlineData(503, FailureClass.NothingStarted)]
    [InlineData(502, FailureClass.MayHaveStarted)]
    [InlineData(504, FailureClass.MayHaveStarted)]
    [InlineData(500, FailureClass.MayHaveStarted)]
    [InlineData(408, FailureClass.MayHaveStarted)]
    [InlineData(507, FailureClass.MayHaveStarted)]
    [InlineData(501, FailureClass.Final)]
    [InlineData(505, FailureClass.Final)]
    [InlineData(400, FailureClass.Final)]
    [InlineData(401, FailureClass.Final)]
    [InlineData(409, FailureClass.Final)]
    public void Statuses_are_classified_by_what_they_say_about_the_request(int status, FailureClass expected) =>
        Assert.Equal(expected, ResendPolicy.Classify((HttpStatusCode)status));

    [Fact]
    public void Exchanges_without_an_answer_are_classified_by_whether_anything_was_sent()
    {
        Assert.Equal(FailureClass.NothingStarted, ResendPolicy.Classify(new HttpRequestException(HttpRequestError.ConnectionError)));
        Assert.Equal(FailureClass.NothingStarted, ResendPolicy.Classify(new HttpRequestException(HttpRequestError.NameResolutionError)));
        Assert.Equal(FailureClass.MayHaveStarted, ResendPolicy.Classify(new HttpRequestException(HttpRequestError.ResponseEnded)));
        Assert.Equal(FailureClass.MayHaveStarted, ResendPolicy.Classify(new IOException("reset")));
        Assert.Equal(FailureClass.MayHaveStarted, ResendPolicy.Classify(new TimeoutRejectedException()));
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void A_failure_after_sending_is_retried_only_where_the_key_deduplicates_and_is_unconfirmed_elsewhere(AgentPlatform platform, bool honours)
    {
        Assert.Equal(honours, ResendPolicy.MayRetryAttempt(FailureClass.MayHaveStarted, platform));
        Assert.Equal(!honours, ResendPolicy.IsUnconfirmed(FailureClass.MayHaveStarted, platform));
        Assert.True(ResendPolicy.MayRetryAttempt(FailureClass.NothingStarted, platform));
        Assert.False(ResendPolicy.IsUnconfirmed(FailureClass.NothingStarted, platform));
        Assert.False(ResendPolicy.MayRetryAttempt(FailureClass.Final, platform));
        Assert.False(ResendPolicy.MayRetryAttempt(new OperationCanceledException(), platform));
        Assert.Equal(honours ? ResendAdvice.Automatically : ResendAdvice.OnlyDeliberately, ResendPolicy.ForInterruptedSend(platform, requestMayHaveArrived: true));
        Assert.Equal(ResendAdvice.Automatically, ResendPolicy.ForInterruptedSend(platform, requestMayHaveArrived: false));
    }

    [Fact]
    public void A_status_read_starts_nothing_so_every_transient_failure_may_be_read_again()
    {
        Assert.True(ResendPolicy.MayRetryRead(HttpStatusCode.InternalServerError));
        Assert.True(ResendPolicy.MayRetryRead(HttpStatusCode.RequestTimeout));
        Assert.True(ResendPolicy.MayRetryRead(HttpStatusCode.TooManyRequests));
        Assert.False(ResendPolicy.MayRetryRead(HttpStatusCode.NotFound));
        Assert.True(ResendPolicy.MayRetryRead(new IOException("reset")));
        Assert.False(ResendPolicy.MayRetryRead(new OperationCanceledException()));
    }

    [Theory]
    [InlineData(TriggerOutcomeKind.Accepted, null, ResendAdvice.Done)]
    [InlineData(TriggerOutcomeKind.Unconfirmed, null, ResendAdvice.OnlyDeliberately)]
    [InlineData(TriggerOutcomeKind.Unconfirmed, 500, ResendAdvice.OnlyDeliberately)]
    [InlineData(TriggerOutcomeKind.RateLimited, 429, ResendAdvice.Automatically)]
    [InlineData(TriggerOutcomeKind.Failed, 503, ResendAdvice.Automatically)]
    [InlineData(TriggerOutcomeKind.Failed, null, ResendAdvice.Automatically)]
    [InlineData(TriggerOutcomeKind.Unauthorized, 401, ResendAdvice.AfterFix)]
    [InlineData(TriggerOutcomeKind.InvalidInput, null, ResendAdvice.AfterFix)]
    [InlineData(TriggerOutcomeKind.Conflict, 409, ResendAdvice.AfterFix)]
    public void Outcomes_tell_an_owner_of_retries_what_it_may_do(TriggerOutcomeKind kind, int? status, ResendAdvice expected)
    {
        foreach (var platform in Enum.GetValues<AgentPlatform>())
        {
            Assert.Equal(expected, ResendPolicy.ForOutcome(Outcome(platform, kind, status)));
        }
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void A_run_that_started_and_failed_is_sent_again_automatically_only_where_the_key_deduplicates(AgentPlatform platform, bool honours) =>
        Assert.Equal(honours ? ResendAdvice.Automatically : ResendAdvice.OnlyDeliberately,
            ResendPolicy.ForOutcome(Outcome(platform, TriggerOutcomeKind.Failed, 200)));

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Only_a_platform_that_deduplicates_may_be_retried_outside_the_bounded_budget(AgentPlatform platform, bool honours)
    {
        Assert.Equal(honours, ResendPolicy.IsSafeToRetryBlindly(Outcome(platform, TriggerOutcomeKind.Failed, 503)));
        Assert.Equal(honours, ResendPolicy.IsSafeToRetryBlindly(Outcome(platform, TriggerOutcomeKind.RateLimited, 429)));
        Assert.False(ResendPolicy.IsSafeToRetryBlindly(Outcome(platform, TriggerOutcomeKind.Unconfirmed, null)));
        Assert.False(ResendPolicy.IsSafeToRetryBlindly(Outcome(platform, TriggerOutcomeKind.Unauthorized, 401)));
        Assert.False(ResendPolicy.IsSafeToRetryBlindly(Outcome(platform, TriggerOutcomeKind.Accepted, 202)));
    }

    [Fact]
    public void A_retry_after_is_waited_only_within_the_longest_delay_and_the_time_left()
    {
        Assert.True(ResendPolicy.RetryAfterFits(null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        Assert.True(ResendPolicy.RetryAfterFits(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)));
        Assert.False(ResendPolicy.RetryAfterFits(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)));
        Assert.False(ResendPolicy.RetryAfterFits(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)));
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Guidance_offers_the_same_key_only_where_the_platform_honours_it(AgentPlatform platform, bool honours)
    {
        foreach (var kind in Enum.GetValues<TriggerOutcomeKind>())
        {
            var guidance = PlatformGuidance.For(platform, kind) ?? string.Empty;
            if (!honours)
            {
                Assert.DoesNotContain("same idempotency key", guidance, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("same Idempotency-Key", guidance, StringComparison.OrdinalIgnoreCase);
            }
        }

        var unconfirmed = PlatformGuidance.For(platform, TriggerOutcomeKind.Unconfirmed);
        Assert.False(string.IsNullOrWhiteSpace(unconfirmed));
        Assert.Contains("before sending", unconfirmed);
        Assert.NotEqual(PlatformGuidance.For(platform, TriggerOutcomeKind.Failed), unconfirmed);
    }

    private static TriggerOutcome Outcome(AgentPlatform platform, TriggerOutcomeKind kind, int? status) => new()
    {
        Kind = kind, Platform = platform, Target = "t", IdempotencyKey = "ik1_x", HttpStatus = status, Timestamp = DateTimeOffset.UnixEpoch,
    };
}
