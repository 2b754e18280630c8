using System.Net;
using BenchmarkDotNet.Attributes;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Benchmarks.Micro;

/// <summary>
/// The trigger pipeline's own cost per call, with the network taken out: the primary HTTP handler answers 202 at once.
/// What is left is validation, request preparation, the Polly pipeline, audit logging calls and outcome mapping; the
/// load harness shows how much of a real loopback call that is. With <see cref="AnswerLater"/> the stub answers on a
/// thread-pool turn, as a socket does, so every async level on the way suspends and resumes as it would over the network
/// (answered at once, none of them does, and their state machines never reach the heap).
/// </summary>
[MemoryDiagnoser]
public class TriggerPipelineBenchmarks
{
    private ServiceProvider services = null!;
    private IAgentTriggerService triggers = null!;
    private AgentTriggerRequest request = null!;
    private SourceEvent sourceEvent = null!;
    private HttpClient plainClient = null!;

    /// <summary>True: the stub answers after a thread-pool turn, like a socket; false: at once.</summary>
    [Params(false, true)]
    public bool AnswerLater { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddWorkspaceAgents(configure: options => options.Connections["bench"] = new AgentConnection
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            TriggerId = "agtch_bench",
            Token = "wat_benchmark_token_0123456789",
        });
        // The core's named client; its primary handler is replaced so no socket is opened.
        collection.AddHttpClient("ElsaWorkspaceAgents").ConfigurePrimaryHttpMessageHandler(() => new AcceptingHandler(AnswerLater));
        plainClient = new HttpClient(new AcceptingHandler(AnswerLater));
        services = collection.BuildServiceProvider();
        triggers = services.GetRequiredService<IAgentTriggerService>();
        sourceEvent = new SourceEvent
        {
            SourceSystem = "helpdesk",
            EventType = "ticket.created",
            EventId = "evt_01J9ZX4Q7M3T8V2K5N6P",
            RequestId = "DEMO-20260618010101",
            Summary = "Customer reports the export job fails with a timeout since the last release.",
        };
        request = new AgentTriggerRequest
        {
            Input = AgentInputBuilder.Build(sourceEvent).Text,
            IdempotencyKey = IdempotencyKey.For(sourceEvent),
            SourceRequestId = sourceEvent.RequestId,
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        services.Dispose();
        plainClient.Dispose();
    }

    /// <summary>The floor: a plain HttpClient POST of the same request through the same stub handler.</summary>
    [Benchmark(Baseline = true)]
    public async Task<bool> PlainPost()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:9/v1/workspace_agents/agtch_bench/trigger")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { input = request.Input }), System.Text.Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wat_benchmark_token_0123456789");
        message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);
        using var response = await plainClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    /// <summary>TriggerAsync alone, request prepared.</summary>
    [Benchmark]
    public Task<TriggerOutcome> TriggerPrepared() => triggers.TriggerAsync(request, "bench");

    /// <summary>What the load harness's pipeline mode does per event: build input, derive key, trigger.</summary>
    [Benchmark]
    public Task<TriggerOutcome> BuildDeriveAndTrigger() => triggers.TriggerAsync(new AgentTriggerRequest
    {
        Input = AgentInputBuilder.Build(sourceEvent).Text,
        IdempotencyKey = IdempotencyKey.For(sourceEvent),
        SourceRequestId = sourceEvent.RequestId,
    }, "bench");

    private sealed class AcceptingHandler(bool answerLater) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            answerLater ? AnswerLaterAsync() : Task.FromResult(Accepted());

        private static async Task<HttpResponseMessage> AnswerLaterAsync()
        {
            await Task.Yield();
            return Accepted();
        }

        private static HttpResponseMessage Accepted() => new(HttpStatusCode.Accepted) { Content = new ByteArrayContent([]) };
    }
}
