using System.Diagnostics;
using System.Globalization;

namespace ElsaWorkspaceAgents.Benchmarks.Load;

/// <summary>
/// A closed-loop load: <c>callers</c> workers each send the next request as soon as their previous one answered, until
/// <c>count</c> requests are done. Returns the wall time, the latencies sorted, and how many calls reported failure.
/// </summary>
internal static class ClosedLoop
{
    public sealed record Result(TimeSpan Elapsed, double[] SortedLatenciesMs, int Failures)
    {
        public double PerSecond => SortedLatenciesMs.Length / Elapsed.TotalSeconds;

        public double Percentile(double fraction) => SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)(SortedLatenciesMs.Length * fraction))];
    }

    public static async Task<Result> RunAsync(Func<int, Task<bool>> send, int callers, int count)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await send(index))
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();
        Array.Sort(latencies);
        return new Result(clock.Elapsed, latencies, failures);
    }
}

/// <summary>The harnesses' few command-line options: <c>--name value</c>.</summary>
internal static class Arguments
{
    public static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static int[] Ints(string[] args, string name, string fallback) =>
        (Value(args, name) ?? fallback).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
