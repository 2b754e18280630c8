using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace ElsaWorkspaceAgents.BrowserTests;

/// <summary>
/// The sample host as a user starts it (<c>dotnet run --project sample-host/ElsaWorkspaceAgents.SampleHost</c>, the build
/// ./test.sh made), on free loopback ports with a fresh SQLite file and its embedded emulator.
/// </summary>
public sealed class SampleHostProcess : IAsyncDisposable
{
    public static readonly string RepositoryRoot = Metadata("RepositoryRoot");

    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly string database;

    private SampleHostProcess(Process process, Uri baseAddress, Uri emulator, string database)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Emulator = emulator;
        this.database = database;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Studio and the API: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The embedded emulator's address, where the agent's writes are read.</summary>
    public Uri Emulator { get; }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<SampleHostProcess> StartAsync()
    {
        var port = FreePort();
        var emulatorPort = FreePort();
        var database = Path.Combine(Path.GetTempPath(), $"ewa-browser-{Guid.NewGuid():N}.db");
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "run", "--project", Path.Combine(RepositoryRoot, "sample-host", "ElsaWorkspaceAgents.SampleHost"), "-c", Metadata("Configuration"),
                     "--no-build", "--no-launch-profile", "--",
                     "--urls", baseAddress.ToString(), "--Http:BaseUrl", baseAddress.ToString(),
                     "--WorkspaceAgents:EmulatorUrls", $"http://127.0.0.1:{emulatorPort}",
                     "--ConnectionStrings:Elsa", $"Data Source={database};Cache=Shared;",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" })
        {
            start.Environment.Remove(inherited);
        }

        var host = new SampleHostProcess(Process.Start(start)!, baseAddress, new Uri($"http://127.0.0.1:{emulatorPort}/"), database);
        await host.WaitUntilListeningAsync();
        return host;
    }

    /// <summary>The texts the agent wrote to a destination of the embedded emulator.</summary>
    public async Task<IReadOnlyList<string>> DestinationWritesAsync(string destination)
    {
        using var http = new HttpClient { BaseAddress = Emulator };
        var writes = await http.GetFromJsonAsync<JsonElement>($"_emulator/destinations/{destination}");
        return writes.EnumerateArray().Select(w => w.GetProperty("text").GetString()!).ToArray();
    }

    private async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var until = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTimeOffset.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The sample host exited with {process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync("sample-host");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The sample host did not answer within 3 minutes:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Metadata(string key) => typeof(SampleHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
