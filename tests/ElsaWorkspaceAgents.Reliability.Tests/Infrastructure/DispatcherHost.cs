using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Outbox.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// A dispatcher hosted in the test process, every log record (down to Trace, every category) captured by a
/// <see cref="FakeLogCollector"/> so the suite can prove no secret reaches a log.
/// </summary>
internal sealed class DispatcherHost : IAsyncDisposable
{
    private readonly IHost host;

    private DispatcherHost(IHost host)
    {
        this.host = host;
    }

    public IAgentTriggerOutbox Outbox => host.Services.GetRequiredService<IAgentTriggerOutbox>();

    public IOutboxQueries Queries => host.Services.GetRequiredService<IOutboxQueries>();

    public FakeLogCollector Logs => host.Services.GetFakeLogCollector();

    public IServiceProvider Services => host.Services;

    /// <summary>Builds (and, unless <paramref name="start"/> is false, starts) a host.</summary>
    /// <param name="settings">Flat configuration (see <see cref="DispatcherSettings"/>).</param>
    /// <param name="connections">Extra connections added in code (hostile ones that configuration binding would not express).</param>
    /// <param name="triggers">Replaces the real trigger service's sending (outbox-only tests); its connection is configured too.</param>
    /// <param name="start">False to build without starting the dispatcher.</param>
    /// <param name="captureLogs">False for the memory check, where captured records would be the growth measured.</param>
    /// <param name="services">More services on top of the outbox (a queue consumer and its bus).</param>
    public static async Task<DispatcherHost> StartAsync(IDictionary<string, string?> settings, Action<WorkspaceAgentsOptions>? connections = null,
        FakeTriggerService? triggers = null, bool start = true, bool captureLogs = true, Action<IServiceCollection, IConfiguration>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (captureLogs)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddFakeLogging();
        }
        if (triggers is not null)
        {
            builder.Services.AddSingleton<IAgentTriggerService>(triggers);
            connections = (Action<WorkspaceAgentsOptions>)triggers.Configure + connections;
        }

        builder.Services.AddWorkspaceAgents(builder.Configuration, connections);
        builder.Services.AddAgentTriggerOutbox(builder.Configuration);
        services?.Invoke(builder.Services, builder.Configuration);
        var host = builder.Build();
        if (start)
        {
            await host.StartAsync();
        }

        return new DispatcherHost(host);
    }

    /// <summary>Waits until no row is pending.</summary>
    public Task<OutboxCounts> WaitUntilSettledAsync(TimeSpan? bound = null) =>
        Eventually.WaitAsync(() => Queries.CountAsync(), c => c.Pending == 0, bound ?? ReliabilityScale.Deadline, "every outbox row to settle");

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
