using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Emulator.Hosting;

/// <summary>
/// An emulator running in-process on a real Kestrel socket (loopback, free port by default), for tests and the CLI demo.
/// <code>
/// await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Fixture = DemoFixture.Create() });
/// using var http = emulator.CreateClient();
/// </code>
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private int disposed;

    private EmulatorHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
        State = app.Services.GetRequiredService<EmulatorState>();
    }

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Runs, writes, tasks, jobs, logs and chaos, for assertions.</summary>
    public EmulatorState State { get; }

    /// <summary>The host's services (advanced use).</summary>
    public IServiceProvider Services => this.app.Services;

    /// <summary>Starts an emulator and waits until it accepts connections.</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var app = EmulatorApplication.Build(options ?? new EmulatorOptions(), [], standalone: false);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            var address = addresses.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no listening address.");
            return new EmulatorHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An HttpClient whose BaseAddress is the emulator.</summary>
    public HttpClient CreateClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = BaseAddress };

    /// <summary>Waits until no background work (runs, tasks, jobs, webhook deliveries) is queued or running.</summary>
    /// <returns>False when <paramref name="timeout"/> elapsed first.</returns>
    public async Task<bool> WaitForIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var queue = this.app.Services.GetRequiredService<BackgroundWorkQueue>();
        var deadline = DateTime.UtcNow + timeout;
        while (queue.Pending > 0)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Stops Kestrel and background work.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await this.app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await this.app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
