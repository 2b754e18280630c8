namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// How many events each scenario pushes through. The default is a representative slice that keeps the suite short on a
/// 2-core machine; <c>RELIABILITY_FULL=1</c> runs the full counts.
/// </summary>
internal static class ReliabilityScale
{
    public static bool Full => Environment.GetEnvironmentVariable("RELIABILITY_FULL") == "1";

    /// <summary>Events per HTTP scenario (chaos, crash, competing dispatchers).</summary>
    public static int Events => Full ? 10_000 : 1_000;

    /// <summary>Events for the memory check (no HTTP: a fake trigger service).</summary>
    public static int MemoryEvents => Full ? 100_000 : 8_000;

    /// <summary>A liveness bound, not a timing assertion: generous enough that only a stuck outbox reaches it.</summary>
    public static TimeSpan Deadline => Full ? TimeSpan.FromMinutes(30) : TimeSpan.FromMinutes(4);
}
