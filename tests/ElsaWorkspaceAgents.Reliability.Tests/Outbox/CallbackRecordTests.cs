using System.Net;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.AspNetCore;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Outbox.DependencyInjection;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ElsaWorkspaceAgents.Reliability.Tests.Outbox;

/// <summary>
/// An outbox host that also maps <c>MapAgentCallbacks()</c>: GPT Workbench's real signed completion webhook (from the
/// emulator) is recorded against the row that started the run; bad deliveries change no row.
/// </summary>
public sealed class CallbackRecordTests : IAsyncLifetime
{
    private const string Secret = DemoFixture.GptWorkbenchWebhookSecret;
    private readonly TempDatabase database = new();
    private EmulatorHost emulator = null!;
    private WebApplication app = null!;
    private Uri callbackUrl = null!;

    private IAgentTriggerOutbox Outbox => app.Services.GetRequiredService<IAgentTriggerOutbox>();

    private IOutboxQueries Queries => app.Services.GetRequiredService<IOutboxQueries>();

    public async Task InitializeAsync()
    {
        emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Timings = EmulatorTimings.Fast() });
        var settings = OutboxTestSettings.For(database);
        var connection = $"WorkspaceAgents:Connections:{ReliabilityWorld.ConnectionName}";
        settings[$"{connection}:Platform"] = "GptWorkbench";
        settings[$"{connection}:BaseUrl"] = emulator.BaseAddress.AbsoluteUri;
        settings[$"{connection}:Token"] = DemoFixture.GptWorkbenchToken;
        settings[$"{connection}:CallbackSecret"] = Secret;

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging();
        builder.Services.AddWorkspaceAgents(builder.Configuration);
        builder.Services.AddAgentTriggerOutbox(builder.Configuration);
        app = builder.Build();
        app.MapAgentCallbacks();
        await app.StartAsync();
        callbackUrl = new Uri(app.Urls.First().TrimEnd('/') + AgentCallbackEndpoints.DefaultPattern + "/" + ReliabilityWorld.ConnectionName);
        using var http = emulator.CreateClient();
        using var webhook = await http.PutAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/webhook",
            new StringContent(JsonSerializer.Serialize(new { url = callbackUrl.AbsoluteUri, secret = Secret }), Encoding.UTF8, "application/json"));
        webhook.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await emulator.DisposeAsync();
        database.Dispose();
    }

    private async Task<HttpStatusCode> PostAsync(string body, string signature, string deliveryId)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, callbackUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, signature);
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, deliveryId);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_verified_callback_is_recorded_against_the_row_that_started_the_run_and_bad_ones_change_nothing()
    {
        var enqueued = await Outbox.EnqueueAsync(TestEvents.One("callback", 1), ReliabilityWorld.ConnectionName);

        var run = await Eventually.WaitAsync(() => Queries.GetRunAsync(enqueued.Entry.Id), r => r is { IsFinished: true },
            ReliabilityScale.Deadline, "the run's callback to be recorded");

        // The row is written before the receiver answers, so the emulator may still be recording the attempt.
        var delivery = await Eventually.WaitAsync(() => Task.FromResult(emulator.State.GptWorkbench.Deliveries.Single()),
            d => d.Status != WebhookDeliveryStatus.Pending, ReliabilityScale.Deadline, "the delivery to settle");
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(delivery.JobId, run!.RunId);
        Assert.Equal(ReliabilityWorld.ConnectionName, run.ConnectionName);
        var result = run.Result!;
        Assert.Equal(RunState.Succeeded, result.State);
        Assert.Equal("completed", result.Status);
        Assert.Equal(delivery.DeliveryId, result.DeliveryId);
        Assert.StartsWith("GPT Workbench response to: ", result.Answer, StringComparison.Ordinal);
        Assert.Equal(run.RunId, JsonDocument.Parse(result.ResultJson!).RootElement.GetProperty("jobId").GetString());
        Assert.Equal(run, await Queries.FindRunAsync(ReliabilityWorld.ConnectionName, run.RunId));
        Assert.Equal([enqueued.Entry.Id], (await Queries.ListRunsAsync(finishedOnly: true)).Select(r => r.OutboxId));

        // A forged copy with another answer (wrong secret), one byte altered, and an unknown run: refused, no row changes.
        var forgedBody = delivery.Body.Replace("GPT Workbench response to:", "Forged response to:", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(forgedBody, WebhookSignature.Compute("whsec_attacker", Encoding.UTF8.GetBytes(forgedBody)), "whd_forged"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(forgedBody, delivery.Signature, "whd_altered"));
        var stranger = delivery.Body.Replace(delivery.JobId, "00000000-0000-0000-0000-000000000000", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(stranger, WebhookSignature.Compute(Secret, Encoding.UTF8.GetBytes(stranger)), "whd_stranger"));
        // The platform's retry of the real delivery: 200, and the first record stays as it was.
        using (var http = emulator.CreateClient())
        {
            using var again = await http.PostAsync($"_emulator/gpt-workbench/deliveries/{delivery.DeliveryId}/redeliver", null);
            again.EnsureSuccessStatusCode();
        }

        Assert.Equal(200, emulator.State.GptWorkbench.Deliveries.Single().Attempts[^1].StatusCode);
        Assert.Equal(run, await Queries.GetRunAsync(enqueued.Entry.Id));
        Assert.Single(await Queries.ListRunsAsync());
        Assert.Null(await Queries.FindRunAsync(ReliabilityWorld.ConnectionName, "00000000-0000-0000-0000-000000000000"));

        SecretScan.AssertLogsClean(app.Services.GetFakeLogCollector());
        SecretScan.AssertDatabaseClean(database.Path);
        foreach (var path in new[] { database.Path, database.Path + "-wal" }.Where(File.Exists))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var memory = new MemoryStream();
            await file.CopyToAsync(memory);
            Assert.True(memory.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)) < 0, "The callback secret reached the database.");
            Assert.True(memory.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(delivery.Signature["sha256=".Length..])) < 0, "A signature reached the database.");
        }
    }

    [Fact]
    public async Task A_row_whose_platform_returns_no_run_id_has_no_run_record()
    {
        var enqueued = await Outbox.EnqueueAsync(TestEvents.One("callback-none", 1), "missing-connection");

        await Eventually.WaitAsync(() => Queries.GetAsync(enqueued.Entry.Id), e => e!.State != OutboxEntryState.Pending, ReliabilityScale.Deadline, "the row to settle");

        Assert.Null(await Queries.GetRunAsync(enqueued.Entry.Id));
    }
}
