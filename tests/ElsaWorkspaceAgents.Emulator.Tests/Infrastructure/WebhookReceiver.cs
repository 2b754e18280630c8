using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>A loopback HTTP endpoint that records completion webhooks and answers with scripted status codes.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> script;
    private readonly int defaultStatus;

    private WebhookReceiver(WebApplication app, ConcurrentQueue<int> script, int defaultStatus)
    {
        this.app = app;
        this.script = script;
        this.defaultStatus = defaultStatus;
    }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>Starts a receiver; <paramref name="statuses"/> are answered in order, then <paramref name="defaultStatus"/>.</summary>
    public static async Task<WebhookReceiver> StartAsync(IEnumerable<int>? statuses = null, int defaultStatus = 200)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new ConcurrentQueue<int>(statuses ?? []), defaultStatus);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            receiver.Received.Enqueue(new ReceivedWebhook(
                buffer.ToArray(),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.StatusCode = receiver.script.TryDequeue(out var status) ? status : receiver.defaultStatus;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}

/// <summary>One received webhook: raw body bytes and headers.</summary>
internal sealed record ReceivedWebhook(byte[] Body, IReadOnlyDictionary<string, string> Headers);
