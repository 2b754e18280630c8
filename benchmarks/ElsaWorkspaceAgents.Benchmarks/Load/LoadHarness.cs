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
/// pipeline, audit logging calls, outcome mapping) against a plain <see cref="HttpClient"/> POST of the same request, both
/// against one embedded emulator with chaos off and zero processing delay. Rounds alternate between the two modes so
/// drift on a shared machine hits both; the best round of each is reported.
/// Arguments: [--count N] [--rounds N] [--callers 1,16,64] [--warm-up N]
/// </summary>
internal static class LoadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = IntArgument(args, "--count", 10_000);
        var rounds = IntArgument(args, "--rounds", 3);
        var callerLevels = (Argument(args, "--callers") ?? "1,16,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        await using var emulator = await LoadWorld.StartAsync();
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
            var sourceEvent = EventNumber(Interlocked.Increment(ref sequence));
            var input = AgentInputBuilder.Build(sourceEvent);
            var outcome = await triggers.TriggerAsync(new AgentTriggerRequest
            {
                Input = input.Text,
                IdempotencyKey = IdempotencyKey.For(sourceEvent),
                SourceRequestId = sourceEvent.RequestId,
            }, "load");
            return outcome.IsAccepted;
        };
        Func<int, Task<bool>> plain = async _ =>
        {
            // The same request shape with the work the pipeline does up front skipped: a fixed-form input and a unique key.
            var n = Interlocked.Increment(ref sequence);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new StringContent(PlainBody(n), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LoadWorld.Token);
            request.Headers.TryAddWithoutValidation("Idempotency-Key", $"plain-{n:D9}");
            using var response = await plainClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.Accepted;
        };

        Console.WriteLine($"Load harness: {count:N0} requests per round, {rounds} round(s) per mode, callers {string.Join(", ", callerLevels)}, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        // Warm up long enough for tiered JIT to reach optimised code in both paths: the pipeline has far more methods
        // to tier up than a bare POST, so a short warm-up measures the JIT, not the pipeline.
        var warmUp = IntArgument(args, "--warm-up", 20_000);
        foreach (var callers in new[] { 1, 16 })
        {
            await FreshWorldAsync(emulator);
            await MeasureAsync("warm-up", plain, callers, warmUp / 2);
            await FreshWorldAsync(emulator);
            await MeasureAsync("warm-up", pipeline, callers, warmUp / 2);
        }

        var rows = new List<(int Callers, LoadResult Plain, LoadResult Pipeline)>();
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
                        plainRounds.Add(await MeasureAsync("plain POST", plain, callers, count));
                    }
                    else
                    {
                        pipelineRounds.Add(await MeasureAsync("pipeline", pipeline, callers, count));
                    }
                }
            }

            rows.Add((callers, Best(plainRounds), Best(pipelineRounds)));
        }

        Console.WriteLine();
        Console.WriteLine("| callers | plain POST req/s | pipeline req/s | ratio | plain p50 / p99 (ms) | pipeline p50 / p99 (ms) | failures |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (callers, p, q) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {callers} | {p.RequestsPerSecond:N0} | {q.RequestsPerSecond:N0} | {q.RequestsPerSecond / p.RequestsPerSecond:0.00}× | " +
                $"{p.P50Ms:0.00} / {p.P99Ms:0.00} | {q.P50Ms:0.00} / {q.P99Ms:0.00} | {p.Failures + q.Failures} |"));
        }

        return rows.All(r => r.Plain.Failures == 0 && r.Pipeline.Failures == 0) ? 0 : 1;
    }

    private static async Task<LoadResult> MeasureAsync(string mode, Func<int, Task<bool>> send, int callers, int count)
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
        var result = new LoadResult(mode, callers, count, failures, clock.Elapsed, latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.99))]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {mode,-10} callers {callers,3}: {result.RequestsPerSecond,8:N0} req/s  p50 {result.P50Ms:0.00} ms  p99 {result.P99Ms:0.00} ms  failures {failures}"));
        return result;
    }

    private static async Task FreshWorldAsync(Emulator.Hosting.EmulatorHost emulator)
    {
        await emulator.WaitForIdleAsync(TimeSpan.FromMinutes(1));
        emulator.State.Reset();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static LoadResult Best(List<LoadResult> rounds) => rounds.MaxBy(r => r.RequestsPerSecond)!;

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

    private static SourceEvent EventNumber(int n) => new()
    {
        SourceSystem = "load",
        EventType = "ticket.updated",
        EventId = $"load-{n:D9}",
        RequestId = $"LOAD-{n:D9}",
        Destination = LoadWorld.Destination,
        Summary = "Load harness event",
    };

    private static string PlainBody(int n) => JsonSerializer.Serialize(new
    {
        input = $"Source event from load: ticket.updated\nRequest ID: PLAIN-{n:D9}\nDestination: {LoadWorld.Destination}\nEvent ID: plain-{n:D9}\nUpdate: Load harness event\n",
    });

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int IntArgument(string[] args, string name, int fallback) =>
        Argument(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
