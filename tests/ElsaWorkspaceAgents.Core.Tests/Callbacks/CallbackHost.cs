using System.Collections.Concurrent;
using ElsaWorkspaceAgents.AspNetCore;
using ElsaWorkspaceAgents.Core.Callbacks;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ElsaWorkspaceAgents.Core.Tests.Callbacks;

/// <summary>
/// A real ASP.NET Core host on a loopback port that maps <c>MapAgentCallbacks()</c> with the production receiver, a
/// clock the test can move, every log record captured, and a handler that records what reached it.
/// </summary>
public sealed class CallbackHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private CallbackHost(WebApplication app, FakeTimeProvider clock, RecordingHandler handler)
    {
        this.app = app;
        Clock = clock;
        Handler = handler;
    }

    public FakeTimeProvider Clock { get; }

    public RecordingHandler Handler { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => app.Services;

    /// <summary>The callback URL for a connection.</summary>
    public Uri UrlFor(string connection) => new(BaseAddress, AgentCallbackEndpoints.DefaultPattern.TrimStart('/') + "/" + connection);

    public static async Task<CallbackHost> StartAsync(Action<WorkspaceAgentsOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IAgentCallbackHandler>(handler);
        builder.Services.AddWorkspaceAgents(configure: configure);
        var app = builder.Build();
        app.MapAgentCallbacks();
        await app.StartAsync();
        var host = new CallbackHost(app, clock, handler) { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/") };
        return host;
    }

    /// <summary>Every captured log line and its structured values.</summary>
    public IEnumerable<string> AllLogText() =>
        app.Services.GetFakeLogCollector().GetSnapshot().SelectMany(record =>
            new[] { record.Message, record.Exception?.ToString() ?? string.Empty }
                .Concat(record.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? []));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>A handler that knows the runs <see cref="Knows"/> accepts, acts once per run, and records every call.</summary>
public sealed class RecordingHandler : IAgentCallbackHandler
{
    private readonly ConcurrentDictionary<string, AgentCallback> acted = new();

    public Func<string, bool> Knows { get; set; } = _ => true;

    public ConcurrentQueue<AgentCallback> Calls { get; } = new();

    public IReadOnlyCollection<AgentCallback> Acted => acted.Values.ToArray();

    public ValueTask<AgentCallbackHandling> HandleAsync(AgentCallback callback, CancellationToken cancellationToken)
    {
        Calls.Enqueue(callback);
        if (!Knows(callback.RunId))
        {
            return ValueTask.FromResult(AgentCallbackHandling.UnknownRun);
        }

        return ValueTask.FromResult(acted.TryAdd(callback.RunId, callback) ? AgentCallbackHandling.Handled : AgentCallbackHandling.AlreadyHandled);
    }
}
