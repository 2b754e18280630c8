namespace ElsaWorkspaceAgents.Benchmarks.Load;

/// <summary>One measured round: how many requests, how long, and the latency distribution.</summary>
internal sealed record LoadResult(string Mode, int Callers, int Requests, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
