using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElsaWorkspaceAgents.ElsaTests.Cluster;

/// <summary>
/// One sample-host node as a real operating-system process (<c>dotnet ElsaWorkspaceAgents.SampleHost.dll</c>) on its own
/// loopback port, so it can be killed with SIGKILL and started again on the same port and database.
/// </summary>
public sealed class SampleHostNode : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> environment;
    private Process? process;

    public SampleHostNode(string name, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        this.environment = environment;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        LogPath = Path.Combine(Path.GetTempPath(), $"ewa-cluster-{name}-{Guid.NewGuid():N}.log");
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>The node's console output (all its starts appended).</summary>
    public string LogPath { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>Starts the process and waits until it answers <c>GET /sample-host</c>.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ElsaWorkspaceAgents.SampleHost.dll");
        // exec: the shell becomes dotnet, so the PID we kill is the node itself; the output goes to the log file.
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec dotnet \"{dll}\" >> \"{LogPath}\" 2>&1"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["urls"] = BaseAddress.GetLeftPart(UriPartial.Authority);
        start.Environment["Http__BaseUrl"] = BaseAddress.GetLeftPart(UriPartial.Authority);
        process = Process.Start(start) ?? throw new InvalidOperationException($"Node {Name} did not start.");

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with {process.ExitCode} during start:\n{await TailAsync()}");
            }

            try
            {
                using var response = await probe.GetAsync("sample-host");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting slowly.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Node {Name} did not answer at {BaseAddress} within {timeout}:\n{await TailAsync()}");
    }

    /// <summary>kill -9: no shutdown hooks, no flush, in-flight requests and timers are gone.</summary>
    public void KillHard()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
    }

    /// <summary>The last lines of the node's log, for a failure message.</summary>
    public async Task<string> TailAsync(int lines = 40) =>
        File.Exists(LogPath) ? string.Join('\n', (await File.ReadAllLinesAsync(LogPath)).TakeLast(lines)) : "(no log)";

    public ValueTask DisposeAsync()
    {
        KillHard();
        process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
