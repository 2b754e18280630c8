using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Core.Platforms.Writer;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Platforms.Writer;

/// <summary>
/// Stream endings the emulator cannot produce (a server that closes before <c>[DONE]</c>, one that dribbles a byte per
/// read), served by a stub handler behind the real client, sender and DI graph.
/// </summary>
public sealed class WriterStreamEdgeTests
{
    private const string ApiKey = "writer_stub_api_key_0001";

    private static ServiceProvider Build(Func<Stream> body)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddWorkspaceAgents(configure: options =>
        {
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            options.Connections["sync"] = new AgentConnection
            {
                Platform = AgentPlatform.Writer, BaseUrl = new Uri("http://writer.invalid/"), AgentId = "agent-1", BlueprintId = "bp-1",
                Token = ApiKey, UseJobs = false,
            };
        });
        services.AddHttpClient(ResilientTriggerSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new StubHandler(body));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_stream_that_closes_before_done_is_unconfirmed_with_the_partial_output_and_says_so()
    {
        const string text = "data: {\"status\":\"running\",\"message\":\"Running\"}\n\ndata: {\"delta\":\"partial out\"}\n\n";
        await using var services = Build(() => new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var seen = new List<RunSnapshot>();

        var outcome = await services.GetRequiredService<IWriterBlueprintStream>().RunAsync(Request("x"), "sync", (snapshot, _) =>
        {
            seen.Add(snapshot);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(TriggerOutcomeKind.Unconfirmed, outcome.Kind);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Equal("ended_early", outcome.RunStatus);
        Assert.Equal("partial out", outcome.Output);
        Assert.Contains("[DONE]", outcome.Detail);
        Assert.Contains("check before running it again", outcome.Guidance);
        Assert.Equal(RunState.Unknown, seen[^1].State);
        Assert.Equal("ended_early", seen[^1].RawStatus);
    }

    [Fact]
    public async Task A_stream_arriving_one_byte_per_read_reduces_to_the_same_output()
    {
        const string text =
            "data: {\"status\":\"processing\",\"message\":\"Processing blueprint result...\"}\r\n\r\n" +
            "data: {\"delta\":\"Dokument verarbeitet – € 𝄞\"}\r\n\r\ndata: [DONE]\r\n\r\n";
        await using var services = Build(() => new OneByteAtATimeStream(Encoding.UTF8.GetBytes(text)));

        var outcome = await services.GetRequiredService<IAgentTriggerService>().TriggerAsync(Request("x"), "sync");

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal("Dokument verarbeitet – € 𝄞", outcome.Output);
    }

    [Fact]
    public async Task An_empty_stream_is_not_mistaken_for_success()
    {
        await using var services = Build(() => new MemoryStream());

        var outcome = await services.GetRequiredService<IAgentTriggerService>().TriggerAsync(Request("x"), "sync");

        // Writer answered 200, so the blueprint may have run: not a success, and not something to send again blindly.
        Assert.Equal(TriggerOutcomeKind.Unconfirmed, outcome.Kind);
        Assert.Null(outcome.Output);
        Assert.Equal(1, outcome.Attempts);
    }

    private sealed class StubHandler(Func<Stream> body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("Bearer", request.Headers.Authorization?.Scheme);
            Assert.EndsWith("/v1/agents/agent-1/blueprints/bp-1", request.RequestUri!.AbsolutePath);
            var content = new StreamContent(body());
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
