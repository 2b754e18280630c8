using System.Net.Http.Json;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Hosting;

namespace ElsaWorkspaceAgents.Core.Tests.Infrastructure;

/// <summary>A real emulator on a loopback Kestrel port, one per test, plus helpers that read its admin API over HTTP.</summary>
public sealed class EmulatorServer : IAsyncLifetime
{
    private EmulatorHost? host;

    public Uri BaseAddress => host?.BaseAddress ?? throw new InvalidOperationException("The emulator is not started.");

    public EmulatorHost Host => host ?? throw new InvalidOperationException("The emulator is not started.");

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        host = await EmulatorHost.StartAsync(new EmulatorOptions { Timings = EmulatorTimings.Fast() });
        Admin = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Admin.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Polls until <paramref name="condition"/> holds or the deadline passes; never asserts a timing.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? deadline = null)
    {
        var until = DateTimeOffset.UtcNow + (deadline ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await probe();
            if (condition(value) || DateTimeOffset.UtcNow > until)
            {
                return value;
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The texts written to a destination so far.</summary>
    public async Task<IReadOnlyList<string>> DestinationTextsAsync(string destination)
    {
        var writes = await GetJsonAsync($"_emulator/destinations/{destination}");
        return writes.EnumerateArray().Select(w => w.GetProperty("text").GetString()!).ToArray();
    }
}
