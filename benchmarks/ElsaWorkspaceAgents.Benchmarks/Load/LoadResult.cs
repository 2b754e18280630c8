namespace ElsaWorkspaceAgents.Benchmarks.Load;

/// <summary>
/// One measured round: how many requests, how long, the latency distribution, and per call the bytes allocated and the
/// process CPU time spent (both whole-process, emulator included: its share is the same in both modes).
/// </summary>
internal sealed record LoadResult(string Mode, int Callers, int Requests, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms,
    double AllocatedBytesPerCall, double CpuMicrosecondsPerCall)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
