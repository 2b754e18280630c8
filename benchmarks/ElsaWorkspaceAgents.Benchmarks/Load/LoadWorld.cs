using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;

namespace ElsaWorkspaceAgents.Benchmarks.Load;

/// <summary>
/// The emulator both load modes call: chaos off, zero processing delay, one runnable API channel. In this process
/// (the default), or in a child process (<c>--server process</c>), so that the client's CPU and the server's are
/// measured apart.
/// </summary>
internal abstract class LoadWorld : IAsyncDisposable
{
    public const string Token = "wat_load_harness_token_0123456789";
    public const string ChannelId = "agtch_load";
    public const string Destination = "load-log";

    public abstract Uri BaseAddress { get; }

    /// <summary>CPU the server has used so far; null when it shares this process (it is then counted in the client's).</summary>
    public abstract TimeSpan? ServerCpu { get; }

    /// <summary>Waits for background work to settle, then restores the fixture, so each measurement starts from the same world.</summary>
    public abstract Task ResetAsync();

    public abstract ValueTask DisposeAsync();

    public static async Task<LoadWorld> StartAsync(bool inChildProcess) =>
        inChildProcess ? await ChildProcessWorld.StartAsync() : new InProcessWorld(await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Fixture = Fixture(),
            Timings = new EmulatorTimings { WorkspaceAgentRunDelay = TimeSpan.Zero },
        }));

    private static EmulatorFixture Fixture() => new()
    {
        WorkspaceAgents = new WorkspaceAgentsFixture
        {
            AccessTokens = [new AccessTokenFixture { Token = Token, UserId = "user_load" }],
            Destinations = [new DestinationFixture { Name = Destination }],
            Agents =
            [
                new WorkspaceAgentFixture
                {
                    Id = "agent_load",
                    Name = "Load agent",
                    SharedWith = ["user_load"],
                    DefaultDestination = Destination,
                    Channels = [new ApiChannelFixture { Id = ChannelId }],
                },
            ],
        },
    };

    private sealed class InProcessWorld(EmulatorHost host) : LoadWorld
    {
        public override Uri BaseAddress => host.BaseAddress;

        public override TimeSpan? ServerCpu => null;

        public override async Task ResetAsync()
        {
            await host.WaitForIdleAsync(TimeSpan.FromMinutes(1));
            host.State.Reset();
        }

        public override ValueTask DisposeAsync() => host.DisposeAsync();
    }

    /// <summary>The standalone emulator started from this program's output folder, as a user would run it.</summary>
    private sealed class ChildProcessWorld : LoadWorld
    {
        private readonly Process process;
        private readonly HttpClient admin;
        private readonly string fixturePath;

        private ChildProcessWorld(Process process, Uri baseAddress, string fixturePath)
        {
            this.process = process;
            this.fixturePath = fixturePath;
            BaseAddress = baseAddress;
            admin = new HttpClient { BaseAddress = baseAddress };
        }

        public override Uri BaseAddress { get; }

        public override TimeSpan? ServerCpu
        {
            get
            {
                process.Refresh();
                return process.TotalProcessorTime;
            }
        }

        public static async Task<ChildProcessWorld> StartAsync()
        {
            var fixturePath = Path.Combine(Path.GetTempPath(), $"load-fixture-{Environment.ProcessId}.json");
            await File.WriteAllTextAsync(fixturePath, FixtureLoader.Serialize(Fixture()));
            var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[]
                     {
                         Path.Combine(AppContext.BaseDirectory, "ElsaWorkspaceAgents.Emulator.dll"),
                         "--urls", baseAddress.GetLeftPart(UriPartial.Authority), "--fixture", fixturePath,
                         "--Timings:WorkspaceAgentRunDelay=00:00:00", "--Logging:LogLevel:Default=Warning",
                     })
            {
                start.ArgumentList.Add(arg);
            }

            // The same GC settings as this process, so neither side is measured under different rules.
            start.Environment["DOTNET_gcServer"] = "0";
            start.Environment["DOTNET_gcConcurrent"] = "1";
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator process.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  [emulator] {e.Data}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var world = new ChildProcessWorld(process, baseAddress, fixturePath);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                try
                {
                    (await world.admin.GetAsync("_emulator/")).EnsureSuccessStatusCode();
                    return world;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(200);
                }
            }
        }

        public override async Task ResetAsync()
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (DateTime.UtcNow < deadline)
            {
                using var status = JsonDocument.Parse(await admin.GetStringAsync("_emulator/"));
                if (status.RootElement.GetProperty("pendingWork").GetInt64() == 0)
                {
                    break;
                }

                await Task.Delay(20);
            }

            (await admin.PostAsync("_emulator/reset", null)).EnsureSuccessStatusCode();
        }

        public override async ValueTask DisposeAsync()
        {
            admin.Dispose();
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
            File.Delete(fixturePath);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
