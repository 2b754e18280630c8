using System.Net.Http.Headers;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>Reads <c>Retry-After</c> in both forms RFC 9110 allows: delay-seconds and HTTP-date.</summary>
public static class RetryAfterParser
{
    /// <summary>The delay the response asks for, or null when it names none (or names one in the past).</summary>
    public static TimeSpan? Parse(HttpResponseMessage response, DateTimeOffset now) =>
        Parse(response.Headers.RetryAfter, now);

    /// <summary>The delay a parsed header asks for.</summary>
    public static TimeSpan? Parse(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
