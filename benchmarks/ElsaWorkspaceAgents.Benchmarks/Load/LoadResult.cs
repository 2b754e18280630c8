namespace ElsaWorkspaceAgents.Benchmarks.Load;

/// <summary>
/// One measured round: how many requests, how long, the latency distribution, and per call the bytes allocated and the
/// CPU time spent by this process (the in-process emulator included, when it runs here: its share is the same in both
/// modes) and, when the emulator runs in its own process, by the server.
/// </summary>
internal sealed record LoadResult(string Mode, int Callers, int Requests, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms,
    double AllocatedBytesPerCall, double CpuMicrosecondsPerCall, double? ServerCpuMicrosecondsPerCall)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
