using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Chaos;
using ElsaWorkspaceAgents.Emulator.Common;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>Fault mixes for the emulator's trigger endpoint. Seeded, so a failing run can be replayed.</summary>
internal static class ChaosProfiles
{
    /// <summary>
    /// Every fault the brief names: latency, 429 with Retry-After (both forms), a 5xx burst at the start plus scattered
    /// 5xx, a gateway's 504 after the platform took the request, connection resets, timeouts (held past the client's
    /// attempt timeout) and accept-then-drop.
    /// </summary>
    public static ChaosSettings Storm(int seed = 4242) => PerPlatform(seed,
    [
        new ChaosRule { Id = "latency", Mode = ChaosMode.Latency, LatencyMs = 15, Probability = 0.25 },
        new ChaosRule { Id = "burst-500", Mode = ChaosMode.ServerError, StatusCode = 500, Count = 40 },
        new ChaosRule { Id = "rate-limit", Mode = ChaosMode.RateLimit, RetryAfterSeconds = 1, Probability = 0.04 },
        new ChaosRule { Id = "rate-limit-date", Mode = ChaosMode.RateLimit, RetryAfterSeconds = 1, RetryAfterFormat = RetryAfterFormat.HttpDate, Probability = 0.02 },
        new ChaosRule { Id = "bad-gateway", Mode = ChaosMode.ServerError, StatusCode = 502, Probability = 0.04 },
        new ChaosRule { Id = "gateway-timeout-after-processing", Mode = ChaosMode.ServerError, StatusCode = 504, AfterProcessing = true, Probability = 0.02 },
        new ChaosRule { Id = "unavailable", Mode = ChaosMode.ServerError, StatusCode = 503, IncludeRetryAfter = true, RetryAfterSeconds = 1, Probability = 0.02 },
        new ChaosRule { Id = "reset", Mode = ChaosMode.ConnectionReset, Probability = 0.04 },
        new ChaosRule { Id = "timeout", Mode = ChaosMode.Timeout, HoldMs = 8_000, Probability = 0.01 },
        new ChaosRule { Id = "accept-then-drop", Mode = ChaosMode.AcceptThenDrop, Probability = 0.05 },
    ]);

    /// <summary>A fault mix for the process scenarios, where the kill is the main event.</summary>
    public static ChaosSettings Drizzle(int seed = 777) => PerPlatform(seed,
    [
        new ChaosRule { Id = "latency", Mode = ChaosMode.Latency, LatencyMs = 10, Probability = 0.3 },
        new ChaosRule { Id = "rate-limit", Mode = ChaosMode.RateLimit, RetryAfterSeconds = 1, Probability = 0.02 },
        new ChaosRule { Id = "unavailable", Mode = ChaosMode.ServerError, StatusCode = 503, Probability = 0.03 },
        new ChaosRule { Id = "reset", Mode = ChaosMode.ConnectionReset, Probability = 0.02 },
        new ChaosRule { Id = "accept-then-drop", Mode = ChaosMode.AcceptThenDrop, Probability = 0.04 },
    ]);

    /// <summary>A no-op rule that fires on every trigger request, so the chaos log counts the requests the emulator saw.</summary>
    public static ChaosSettings RequestProbe() => new()
    {
        Rules = [new ChaosRule { Id = "probe", Mode = ChaosMode.Latency, LatencyMs = 0 }],
    };

    /// <summary>The same mix on each platform's trigger endpoint, so every platform gets its own burst and its own share of every fault.</summary>
    private static ChaosSettings PerPlatform(int seed, IReadOnlyList<ChaosRule> mix) => new()
    {
        Seed = seed,
        Rules = [.. ReliabilityPlatform.All.SelectMany(p => mix.Select(rule => For(p, rule)))],
    };

    private static ChaosRule For(ReliabilityPlatform platform, ChaosRule rule)
    {
        var copy = JsonSerializer.Deserialize<ChaosRule>(JsonSerializer.Serialize(rule, ApiJson.Admin), ApiJson.Admin)!;
        copy.Id = $"{platform.Short}-{rule.Id}";
        copy.Platform = platform.Chaos;
        return copy;
    }
}
