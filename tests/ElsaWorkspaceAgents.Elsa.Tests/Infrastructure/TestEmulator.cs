using System.Net.Http.Json;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Hosting;

namespace ElsaWorkspaceAgents.ElsaTests.Infrastructure;

/// <summary>A real emulator on a loopback Kestrel port, read back over its admin HTTP API.</summary>
public sealed class TestEmulator : IAsyncDisposable
{
    private TestEmulator(EmulatorHost host)
    {
        Host = host;
        Admin = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public EmulatorHost Host { get; }

    public Uri BaseAddress => Host.BaseAddress;

    public HttpClient Admin { get; }

    public static async Task<TestEmulator> StartAsync(EmulatorTimings? timings = null) =>
        new(await EmulatorHost.StartAsync(new EmulatorOptions { Timings = timings ?? EmulatorTimings.Fast() }));

    /// <summary>The texts written to a Workspace Agents destination (<c>GET /_emulator/destinations/{name}</c>).</summary>
    public async Task<IReadOnlyList<string>> DestinationWritesAsync(string destination)
    {
        var writes = await Admin.GetFromJsonAsync<JsonElement>($"_emulator/destinations/{destination}");
        return writes.EnumerateArray().Select(w => w.GetProperty("text").GetString()!).ToArray();
    }

    /// <summary>Workspace Agents runs (<c>GET /_emulator/runs</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> RunsAsync()
    {
        var runs = await Admin.GetFromJsonAsync<JsonElement>("_emulator/runs");
        return runs.EnumerateArray().ToArray();
    }

    /// <summary>Waits until a write naming <paramref name="requestId"/> appears in <paramref name="destination"/>.</summary>
    public async Task<string?> WaitForWriteAsync(string destination, string requestId, TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTimeOffset.UtcNow < until)
        {
            var match = (await DestinationWritesAsync(destination)).FirstOrDefault(t => t.Contains(requestId, StringComparison.Ordinal));
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(50);
        }

        return null;
    }

    /// <summary>Configures fault injection (<c>PUT /_emulator/chaos</c>).</summary>
    public async Task SetChaosAsync(params object[] rules)
    {
        using var response = await Admin.PutAsJsonAsync("_emulator/chaos", new { seed = 7, rules });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}
