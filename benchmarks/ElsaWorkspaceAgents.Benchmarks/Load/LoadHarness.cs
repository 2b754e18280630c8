using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Benchmarks.Load;

/// <summary>
/// End-to-end throughput and latency: the full trigger pipeline (input building, key derivation, validation, Polly
/// pipeline, audit logging calls, outcome mapping) against a plain <see cref="HttpClient"/> POST of the same request
/// (same URL, headers and JSON body), both against one embedded emulator with chaos off and zero processing delay.
/// Each round measures both modes back to back, in alternating order, from a fresh emulator world; the ratio is taken per
/// round and reported as median (min–max) over the rounds, because on a shared machine one best round says little.
/// With <c>--server process</c> the emulator runs as its own process (the standalone emulator, from this program's
/// output folder), so the client's CPU per call and the server's are measured apart: which side a difference is on.
/// Arguments: [--count N] [--rounds N] [--callers 1,16,64] [--warm-up N] [--server in-process|process] [--only plain|pipeline]
/// [--prepared-input] [--soak N] [--allocations CALLERS]
/// </summary>
internal static class LoadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = Arguments.Int(args, "--count", 10_000);
        var rounds = Arguments.Int(args, "--rounds", 5);
        var callerLevels = Arguments.Ints(args, "--callers", "1,16,64");
        var only = Arguments.Value(args, "--only");
        // The pipeline mode with the plain side's fixed-form input and counter key: the trigger call alone, so the cost of
        // building the input and deriving the key shows as the difference between the two runs.
        var preparedInput = args.Contains("--prepared-input");

        var serverInChild = (Arguments.Value(args, "--server") ?? "in-process") switch
        {
            "in-process" => false,
            "process" => true,
            var other => throw new ArgumentException($"--server is 'in-process' or 'process', not '{other}'."),
        };
        await using var emulator = await LoadWorld.StartAsync(serverInChild);
        var endpoint = new Uri(emulator.BaseAddress, $"v1/workspace_agents/{LoadWorld.ChannelId}/trigger");
        await using var services = BuildServices(emulator.BaseAddress);
        var triggers = services.GetRequiredService<IAgentTriggerService>();
        using var plainClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var sequence = 0;
        Func<int, Task<bool>> pipeline = async _ =>
        {
            var n = Interlocked.Increment(ref sequence);
            var outcome = await triggers.TriggerAsync(preparedInput ? PreparedRequest(n) : BuiltRequest(n), "load");
            return outcome.IsAccepted;
        };
        Func<int, Task<bool>> plain = async _ =>
        {
            // What a caller writing the POST by hand needs at the least: the same URL, bearer token, JSON body and a
            // unique Idempotency-Key, with the answer read. The input is fixed-form and the key a counter, so the work
            // the pipeline does up front (input building, key derivation, validation) is what the ratio shows.
            var n = Interlocked.Increment(ref sequence);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new StringContent(PlainBody(n), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LoadWorld.Token);
            request.Headers.TryAddWithoutValidation("Idempotency-Key", PlainKey(n));
            using var response = await plainClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.Accepted;
        };

        Console.WriteLine($"Load harness: {count:N0} requests per round, {rounds} round(s), callers {string.Join(", ", callerLevels)}, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, emulator {(serverInChild ? "in its own process" : "in this process")}");
        // Warm up long enough for tiered JIT to reach optimised code in both paths: the pipeline has far more methods
        // to tier up than a bare POST, so a short warm-up measures the JIT, not the pipeline.
        var warmUp = Arguments.Int(args, "--warm-up", 20_000);
        foreach (var callers in new[] { 1, 16 })
        {
            await FreshWorldAsync(emulator);
            await MeasureAsync("warm-up", plain, callers, warmUp / 2);
            await FreshWorldAsync(emulator);
            await MeasureAsync("warm-up", pipeline, callers, warmUp / 2);
        }

        if (Arguments.Int(args, "--soak", 0) is var soak and > 0)
        {
            return await SoakAsync(emulator, plain, pipeline, soak);
        }

        if (Arguments.Value(args, "--allocations") is { } sampledCallers)
        {
            // Which types each mode allocates, sampled by the runtime: where the bytes per call go.
            using var sampler = new AllocationSampler();
            foreach (var (name, send) in new[] { ("plain POST", plain), ("pipeline", pipeline) })
            {
                await FreshWorldAsync(emulator);
                sampler.Start();
                await MeasureAsync(name, send, int.Parse(sampledCallers, CultureInfo.InvariantCulture), count);
                sampler.Stop();
                sampler.Print(name, count);
            }

            return 0;
        }

        if (only is not null)
        {
            // For a profiler or counters attached from outside: one mode only, no comparison.
            var send = only == "plain" ? plain : pipeline;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var callers in callerLevels)
                {
                    await FreshWorldAsync(emulator);
                    await MeasureAsync(only, send, callers, count);
                }
            }

            return 0;
        }

        var rows = new List<(int Callers, List<LoadResult> Plain, List<LoadResult> Pipeline)>();
        foreach (var callers in callerLevels)
        {
            var plainRounds = new List<LoadResult>();
            var pipelineRounds = new List<LoadResult>();
            for (var round = 0; round < rounds; round++)
            {
                // The emulator keeps every run and write, so whichever mode ran second would serve a bigger world:
                // start each measurement from a fresh fixture, and swap the order every round.
                var plainFirst = round % 2 == 0;
                foreach (var mode in plainFirst ? new[] { "plain", "pipeline" } : ["pipeline", "plain"])
                {
                    await FreshWorldAsync(emulator);
                    if (mode == "plain")
                    {
                        plainRounds.Add(await MeasureAsync(emulator, "plain POST", plain, callers, count));
                    }
                    else
                    {
                        pipelineRounds.Add(await MeasureAsync(emulator, "pipeline", pipeline, callers, count));
                    }
                }
            }

            rows.Add((callers, plainRounds, pipelineRounds));
        }

        Console.WriteLine();
        Console.WriteLine($"{rounds} rounds of {count:N0} requests per mode; median (min–max) over the rounds, ratios taken per round:");
        Console.WriteLine();
        var cpuHeading = serverInChild ? "Client CPU per call, plain / pipeline | Server CPU per call, plain / pipeline" : "CPU per call, plain / pipeline";
        Console.WriteLine($"| Callers | Plain POST req/s | Pipeline req/s | Throughput ratio | Plain p99 (ms) | Pipeline p99 (ms) | p99 ratio | Allocated per call, plain / pipeline | {cpuHeading} | Failures |");
        Console.WriteLine($"|---:|---:|---:|---:|---:|---:|---:|---:|---:|{(serverInChild ? "---:|" : "")}---:|");
        foreach (var (callers, p, q) in rows)
        {
            var pairs = p.Zip(q).ToArray();
            var ratio = Spread.Of(pairs.Select(x => x.Second.RequestsPerSecond / x.First.RequestsPerSecond));
            var p99Ratio = Spread.Of(pairs.Select(x => x.Second.P99Ms / x.First.P99Ms));
            var serverCpu = serverInChild
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{Spread.Of(p.Select(r => r.ServerCpuMicrosecondsPerCall ?? 0)).Median:0.0} / {Spread.Of(q.Select(r => r.ServerCpuMicrosecondsPerCall ?? 0)).Median:0.0} µs | ")
                : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {callers} | {Spread.Of(p.Select(r => r.RequestsPerSecond)).Format("N0")} | {Spread.Of(q.Select(r => r.RequestsPerSecond)).Format("N0")} | " +
                $"{ratio.Format("0.00")}× | {Spread.Of(p.Select(r => r.P99Ms)).Format("0.00")} | {Spread.Of(q.Select(r => r.P99Ms)).Format("0.00")} | " +
                $"{p99Ratio.Format("0.00")}× | {Spread.Of(p.Select(r => r.AllocatedBytesPerCall)).Median / 1024:0.0} / {Spread.Of(q.Select(r => r.AllocatedBytesPerCall)).Median / 1024:0.0} KB | " +
                $"{Spread.Of(p.Select(r => r.CpuMicrosecondsPerCall)).Median:0.0} / {Spread.Of(q.Select(r => r.CpuMicrosecondsPerCall)).Median:0.0} µs | " +
                $"{serverCpu}" +
                $"{p.Sum(r => r.Failures) + q.Sum(r => r.Failures)} |"));
        }

        return rows.All(r => r.Plain.All(x => x.Failures == 0) && r.Pipeline.All(x => x.Failures == 0)) ? 0 : 1;
    }

    /// <summary>
    /// Runs <paramref name="total"/> calls of each mode in ten slices at 16 callers and prints the live heap after each slice
    /// (after a full collection and an emulator reset, so the emulator's growing world does not count): a leak per call
    /// shows as a heap that climbs slice after slice.
    /// </summary>
    private static async Task<int> SoakAsync(LoadWorld emulator, Func<int, Task<bool>> plain, Func<int, Task<bool>> pipeline, int total)
    {
        const int Slices = 10;
        Console.WriteLine($"Soak: {total:N0} calls per mode in {Slices} slices, 16 callers; live heap after each slice (full GC, fresh emulator world).");
        foreach (var (name, send) in new[] { ("plain POST", plain), ("pipeline", pipeline) })
        {
            var heaps = new List<double>();
            for (var slice = 0; slice < Slices; slice++)
            {
                await MeasureAsync(name, send, 16, total / Slices);
                await FreshWorldAsync(emulator);
                heaps.Add(GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {total:N0} | {string.Join(" → ", heaps.Select(h => h.ToString("0.0", CultureInfo.InvariantCulture)))} MB | last − first {heaps[^1] - heaps[0]:+0.0;-0.0} MB |"));
        }

        return 0;
    }

    private static Task<LoadResult> MeasureAsync(string mode, Func<int, Task<bool>> send, int callers, int count) =>
        MeasureAsync(null, mode, send, callers, count);

    private static async Task<LoadResult> MeasureAsync(LoadWorld? world, string mode, Func<int, Task<bool>> send, int callers, int count)
    {
        // Whole-process allocations: the in-process emulator's share is the same for both modes, so the difference
        // between the modes is the client's.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        // CPU time rather than wall time is what tells two variants apart on a machine shared with other work.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpuBefore = world?.ServerCpu;
        var run = await ClosedLoop.RunAsync(send, callers, count);
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)count;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / count;
        var serverCpu = world?.ServerCpu - serverCpuBefore is { } spent ? spent.TotalMicroseconds / count : (double?)null;
        var result = new LoadResult(mode, callers, count, run.Failures, run.Elapsed, run.Percentile(0.5), run.Percentile(0.99), allocated, cpu, serverCpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {mode,-10} callers {callers,3}: {result.RequestsPerSecond,8:N0} req/s  p50 {result.P50Ms:0.00} ms  p99 {result.P99Ms:0.00} ms  " +
            $"{allocated / 1024:0.0} KB/call  CPU {cpu:0.0} µs/call{(serverCpu is { } s ? $" (server {s:0.0} µs/call)" : "")}  failures {run.Failures}"));
        return result;
    }

    private static async Task FreshWorldAsync(LoadWorld emulator)
    {
        await emulator.ResetAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static ServiceProvider BuildServices(Uri emulator)
    {
        var services = new ServiceCollection();
        // Logging as a host without providers has it: the audit calls run, their IsEnabled checks say no.
        services.AddLogging();
        services.AddWorkspaceAgents(configure: options =>
        {
            options.Connections["load"] = new AgentConnection
            {
                BaseUrl = emulator,
                TriggerId = LoadWorld.ChannelId,
                Token = LoadWorld.Token,
                OutputDestination = LoadWorld.Destination,
            };
        });
        return services.BuildServiceProvider();
    }

    private static AgentTriggerRequest BuiltRequest(int n)
    {
        var sourceEvent = EventNumber(n);
        return new AgentTriggerRequest
        {
            Input = AgentInputBuilder.Build(sourceEvent).Text,
            IdempotencyKey = IdempotencyKey.For(sourceEvent),
            SourceRequestId = sourceEvent.RequestId,
        };
    }

    private static AgentTriggerRequest PreparedRequest(int n) => new()
    {
        Input = PlainInput(n),
        IdempotencyKey = PlainKey(n),
        SourceRequestId = $"PLAIN-{n:D9}",
    };

    private static SourceEvent EventNumber(int n) => new()
    {
        SourceSystem = "load",
        EventType = "ticket.updated",
        EventId = $"load-{n:D9}",
        RequestId = $"LOAD-{n:D9}",
        Destination = LoadWorld.Destination,
        Summary = "Load harness event",
    };

    private static string PlainBody(int n) => JsonSerializer.Serialize(new { input = PlainInput(n) });

    private static string PlainInput(int n) =>
        $"Source event from load: ticket.updated\nRequest ID: PLAIN-{n:D9}\nDestination: {LoadWorld.Destination}\nEvent ID: plain-{n:D9}\nUpdate: Load harness event\n";

    // A key as long as a derived one (ik1_ + 64 hex digits), so the emulator stores and compares the same sizes.
    private static string PlainKey(int n) => $"ik1_{n:D64}";
}
