using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Elsa.Extensions;
using ElsaWorkspaceAgents.Benchmarks.Load;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Benchmarks.Elsa;

/// <summary>
/// Runs both workflows in one Elsa 3.7.1 host (in-memory stores, HTTP endpoints on loopback Kestrel) against one embedded
/// emulator. Each round posts N requests to each workflow, in alternating order, from a fresh emulator world; the ratio
/// (ours / SendHttpRequest executions per second) is taken per round and reported as median (min–max).
/// </summary>
internal static class ElsaComparison
{
    private sealed record Round(double ExecutionsPerSecond, double P99Ms, int Failures);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Arguments.Int(args, "--count", 2_000);
        var rounds = Arguments.Int(args, "--rounds", 5);
        var warmUp = Arguments.Int(args, "--warm-up", 2_000);
        var callerLevels = Arguments.Ints(args, "--callers", "1,16");

        await using var emulator = await LoadWorld.StartAsync(inChildProcess: false);
        BenchRequest.TriggerUrl = new Uri(emulator.BaseAddress, $"v1/workspace_agents/{LoadWorld.ChannelId}/trigger");
        await using var app = await StartElsaAsync(emulator.BaseAddress);
        var elsaAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = elsaAddress,
            Timeout = TimeSpan.FromMinutes(1),
        };

        var sequence = 0;
        Func<int, Task<bool>> Post(string path) => async _ =>
        {
            var n = Interlocked.Increment(ref sequence);
            var body = JsonSerializer.Serialize(new
            {
                input = $"Source event from load: ticket.updated\nRequest ID: ELSA-{n:D9}\nDestination: {LoadWorld.Destination}\nEvent ID: elsa-{n:D9}\nUpdate: Load harness event\n",
                key = $"ik1_{n:D64}",
            });
            // A body with Content-Length: Elsa 3.7's HTTP Endpoint reads no chunked body.
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("workflows/" + path, content);
            await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.Accepted;
        };

        var modes = new (string Name, Func<int, Task<bool>> Send)[]
        {
            ("SendHttpRequest", Post(SendHttpRequestWorkflow.Path)),
            ("Trigger Workspace Agent", Post(TriggerWorkspaceAgentWorkflow.Path)),
        };

        Console.WriteLine($"Elsa-level comparison: {count:N0} executions per round and workflow, {rounds} round(s), callers {string.Join(", ", callerLevels)}, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, Elsa {typeof(global::Elsa.Workflows.WorkflowBase).Assembly.GetName().Version}");
        await WaitUntilServedAsync(modes);
        foreach (var (name, send) in modes)
        {
            await FreshWorldAsync(emulator);
            await MeasureAsync($"warm-up {name}", send, 4, warmUp);
        }

        var rows = new List<(int Callers, List<Round> Plain, List<Round> Ours)>();
        foreach (var callers in callerLevels)
        {
            var plain = new List<Round>();
            var ours = new List<Round>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var index in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
                {
                    await FreshWorldAsync(emulator);
                    var result = await MeasureAsync(modes[index].Name, modes[index].Send, callers, count);
                    (index == 0 ? plain : ours).Add(result);
                }
            }

            rows.Add((callers, plain, ours));
        }

        Console.WriteLine();
        Console.WriteLine($"{rounds} rounds of {count:N0} executions per workflow; median (min–max) over the rounds, ratios taken per round:");
        Console.WriteLine();
        Console.WriteLine("| Callers | SendHttpRequest executions/s | Trigger Workspace Agent executions/s | Ratio (ours / SendHttpRequest) | SendHttpRequest p99 (ms) | Trigger Workspace Agent p99 (ms) | Failures |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (callers, plain, ours) in rows)
        {
            var ratio = Spread.Of(plain.Zip(ours).Select(x => x.Second.ExecutionsPerSecond / x.First.ExecutionsPerSecond));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {callers} | {Spread.Of(plain.Select(r => r.ExecutionsPerSecond)).Format("N0")} | {Spread.Of(ours.Select(r => r.ExecutionsPerSecond)).Format("N0")} | " +
                $"{ratio.Format("0.00")}× | {Spread.Of(plain.Select(r => r.P99Ms)).Format("0.0")} | {Spread.Of(ours.Select(r => r.P99Ms)).Format("0.0")} | " +
                $"{plain.Sum(r => r.Failures) + ours.Sum(r => r.Failures)} |"));
        }

        return rows.All(r => r.Plain.All(x => x.Failures == 0) && r.Ours.All(x => x.Failures == 0)) ? 0 : 1;
    }

    private static async Task<WebApplication> StartElsaAsync(Uri emulator)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Warnings only, as a production host would run: neither side pays for console logging.
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning)
            // Elsa's job runner reports its own cancellation at shutdown as a failure; it says nothing about the runs.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.Configure<HostOptions>(options => options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.Services.AddElsa(elsa => elsa
            .UseHttp(http => http.ConfigureHttpOptions = options => options.BasePath = "/workflows")
            .UseWorkspaceAgents(agents => agents.ConfigureOptions = options =>
                options.Connections[LoadWorldConnection.Name] = new AgentConnection
                {
                    BaseUrl = emulator,
                    TriggerId = LoadWorld.ChannelId,
                    Token = LoadWorld.Token,
                    OutputDestination = LoadWorld.Destination,
                })
            .AddWorkflow<TriggerWorkspaceAgentWorkflow>()
            .AddWorkflow<SendHttpRequestWorkflow>());
        var app = builder.Build();
        app.UseWorkflows();
        await app.StartAsync();
        return app;
    }

    /// <summary>Elsa indexes HTTP triggers in the background after start; wait until both endpoints answer.</summary>
    private static async Task WaitUntilServedAsync((string Name, Func<int, Task<bool>> Send)[] modes)
    {
        foreach (var (name, send) in modes)
        {
            var until = DateTime.UtcNow.AddSeconds(60);
            while (!await send(0))
            {
                if (DateTime.UtcNow > until)
                {
                    throw new InvalidOperationException($"The {name} workflow did not answer 202 within a minute.");
                }

                await Task.Delay(200);
            }
        }
    }

    private static async Task<Round> MeasureAsync(string mode, Func<int, Task<bool>> send, int callers, int count)
    {
        var run = await ClosedLoop.RunAsync(send, callers, count);
        var round = new Round(run.PerSecond, run.Percentile(0.99), run.Failures);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {mode,-32} callers {callers,3}: {round.ExecutionsPerSecond,7:N0} executions/s  p99 {round.P99Ms:0.0} ms  failures {run.Failures}"));
        return round;
    }

    private static async Task FreshWorldAsync(LoadWorld emulator)
    {
        await emulator.ResetAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
