using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.Writer;

/// <summary>Writer blueprints: the synchronous SSE endpoint, async jobs, listing and errors.</summary>
public sealed class WriterBlueprintTests
{
    private const string SeedStream =
        "data: {\"status\":\"in progress\",\"message\":null}\n\n" +
        "data: {\"status\":\"initializing\",\"message\":\"Initializing session...\"}\n\n" +
        "data: {\"status\":\"validating\",\"message\":\"Validating blueprint...\"}\n\n" +
        "data: {\"status\":\"executing\",\"message\":\"Executing blueprint: ooamr04yng7...\"}\n\n" +
        "data: {\"status\":\"running\",\"message\":\"Blueprint is running. Awaiting output...\"}\n\n" +
        "data: {\"status\":\"processing\",\"message\":\"Processing blueprint result...\"}\n\n" +
        "data: {\"delta\":\"Document processed and routed to accounting team\"}\n\n" +
        "data: [DONE]\n\n";

    [Fact]
    public async Task Synchronous_endpoint_streams_exactly_the_seed_events()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = WriterClient.Post(WriterClient.BlueprintPath());

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(SeedStream, await response.Content.ReadAsStringAsync());
        var execution = Assert.Single(emulator.State.Writer.Executions);
        Assert.Equal("stream", execution.Mode);
        Assert.Equal("doc_67890", execution.Inputs!["document_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_are_flushed_as_they_are_produced()
    {
        await using var emulator = await TestEmulator.StartAsync(timings: t => t.WriterStreamEventDelay = TimeSpan.FromSeconds(3));
        using var http = emulator.CreateClient();
        using var request = WriterClient.Post(WriterClient.BlueprintPath());

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        // The whole stream takes 8 x 3 s; the first event must arrive long before that.
        using var firstEventDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var first = await reader.ReadLineAsync(firstEventDeadline.Token);

        Assert.Equal("data: {\"status\":\"in progress\",\"message\":null}", first);
    }

    [Fact]
    public async Task Json_return_value_is_sent_as_a_json_string()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = WriterClient.Post(WriterClient.BlueprintPath(DemoFixture.WriterJsonBlueprint));

        using var response = await http.SendAsync(request);
        var (events, _, _) = await SseReader.ReadAllAsync(await response.Content.ReadAsStreamAsync());

        var delta = events.Select(e => e.Data).Single(d => d.StartsWith("{\"delta\"", StringComparison.Ordinal));
        using var deltaJson = JsonDocument.Parse(delta);
        var text = deltaJson.RootElement.GetProperty("delta");
        Assert.Equal(JsonValueKind.String, text.ValueKind);
        using var inner = JsonDocument.Parse(text.GetString()!);
        Assert.Equal("doc_67890", inner.RootElement.GetProperty("document_id").GetString());
        Assert.Equal("accounting", inner.RootElement.GetProperty("routed_to").GetString());
        Assert.Equal("[DONE]", events[^1].Data);
    }

    [Fact]
    public async Task Erroring_blueprint_streams_an_error_event_and_no_delta()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = WriterClient.Post(WriterClient.BlueprintPath(DemoFixture.WriterErrorBlueprint));

        using var response = await http.SendAsync(request);
        var (events, _, _) = await SseReader.ReadAllAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(events, e => e.Data.Contains("\"delta\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Data.StartsWith("{\"status\":\"error\",\"message\":\"Blueprint execution failed", StringComparison.Ordinal));
        Assert.Equal("[DONE]", events[^1].Data);
    }

    [Fact]
    public async Task Optional_sse_framing_uses_event_retry_comments_crlf_and_chunked_deltas()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = WriterClient.Post(WriterClient.BlueprintPath(DemoFixture.WriterSseExtrasBlueprint));

        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        var (events, comments, retry) = await SseReader.ReadAllAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));

        Assert.StartsWith("retry: 3000\r\n\r\n", raw);
        Assert.Contains("\r\nevent: status\r\ndata: ", raw);
        Assert.Equal(3000, retry);
        Assert.Contains("keep-alive", comments);
        Assert.Equal("status", events[0].Event);
        var deltas = events.Where(e => e.Event == "delta").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetString()).ToArray();
        Assert.True(deltas.Length > 1);
        Assert.Equal(DemoFixture.WriterTextReturnValue, string.Concat(deltas));
        Assert.Equal(new SseEvent("done", "[DONE]"), events[^1]);
    }

    [Theory]
    [InlineData("{\"document_id\": \"doc_1\"}", "fail.validation.inputs")]
    [InlineData("{}", "fail.validation.inputs")]
    [InlineData("[]", "fail.validation.body")]
    [InlineData("{\"inputs\":", "fail.validation.body")]
    [InlineData("", "fail.validation.body")]
    public async Task Body_without_inputs_is_400(string body, string key)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        foreach (var path in new[] { WriterClient.BlueprintPath(), WriterClient.BlueprintPath() + "/jobs" })
        {
            using var request = WriterClient.Post(path, body);
            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = await response.ReadJsonAsync();
            Assert.Equal("BadRequest", error.GetProperty("tpe").GetString());
            Assert.Equal(key, error.GetProperty("errors")[0].GetProperty("key").GetString());
        }

        Assert.Empty(emulator.State.Writer.Executions);
    }

    [Theory]
    [InlineData("{\"inputs\": null}")]
    [InlineData("{\"inputs\": \"plain string\"}")]
    [InlineData("{\"inputs\": [1, 2, 3], \"extra\": true}")]
    public async Task Inputs_may_be_any_json_value(string body)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = WriterClient.Post(WriterClient.BlueprintPath(), body);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("data: [DONE]\n\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong_key")]
    public async Task Missing_or_invalid_api_key_is_401_everywhere(string? apiKey)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        var requests = new[]
        {
            WriterClient.Post(WriterClient.BlueprintPath(), apiKey: apiKey),
            WriterClient.Post(WriterClient.BlueprintPath() + "/jobs", apiKey: apiKey),
            WriterClient.Get("v1/agents/jobs/6f6919ba-d97f-4315-bddf-191e5c3efb89", apiKey),
            WriterClient.Get("v1/agents?type=builder", apiKey),
        };

        foreach (var request in requests)
        {
            using (request)
            using (var response = await http.SendAsync(request))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Unauthorized", (await response.ReadJsonAsync()).GetProperty("tpe").GetString());
            }
        }

        Assert.Empty(emulator.State.Writer.Executions);
    }

    [Theory]
    [InlineData(DemoFixture.WriterUndeployedAgentId, "draftbp0001", "fail.agent.not_found")]
    [InlineData("00000000-0000-0000-0000-000000000000", DemoFixture.WriterTextBlueprint, "fail.agent.not_found")]
    [InlineData(DemoFixture.WriterAgentId, "nosuchbp001", "fail.blueprint.not_found")]
    [InlineData(DemoFixture.WriterAgentId, DemoFixture.WriterUiOnlyBlueprint, "fail.blueprint.not_found")]
    public async Task Undeployed_agents_and_non_api_blueprints_are_404(string agent, string blueprint, string key)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        foreach (var path in new[] { WriterClient.BlueprintPath(blueprint, agent), WriterClient.BlueprintPath(blueprint, agent) + "/jobs" })
        {
            using var request = WriterClient.Post(path);
            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var error = await response.ReadJsonAsync();
            Assert.Equal("NotFound", error.GetProperty("tpe").GetString());
            Assert.Equal(key, error.GetProperty("errors")[0].GetProperty("key").GetString());
        }
    }

    [Fact]
    public async Task Async_job_is_queued_then_completes_with_a_string_artifact()
    {
        // Each state lasts 1.5 s so the poller sees in_progress even on a loaded machine.
        await using var emulator = await TestEmulator.StartAsync(timings: t => t.WriterJobStepDelay = TimeSpan.FromMilliseconds(1500));
        using var http = emulator.CreateClient();
        using var create = WriterClient.Post(WriterClient.BlueprintPath() + "/jobs");

        using var created = await http.SendAsync(create);
        var body = await created.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(["job_id", "status"], body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("queued", body.GetProperty("status").GetString());
        var jobId = body.GetProperty("job_id").GetString()!;

        var seen = new HashSet<string>();
        var done = await Poll.UntilAsync(
            async () =>
            {
                using var poll = WriterClient.Get($"v1/agents/jobs/{jobId}");
                using var response = await http.SendAsync(poll);
                var json = await response.ReadJsonAsync();
                seen.Add(json.GetProperty("status").GetString()!);
                return json;
            },
            j => j.GetProperty("status").GetString() is "completed" or "error",
            what: "job completion");

        Assert.Equal(
            ["job_id", "agent_id", "blueprint_id", "status", "artifact", "error", "started_at", "finished_at"],
            done.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(DemoFixture.WriterTextReturnValue, done.GetProperty("artifact").GetString());
        Assert.Equal(DemoFixture.WriterAgentId, done.GetProperty("agent_id").GetString());
        Assert.Equal(DemoFixture.WriterTextBlueprint, done.GetProperty("blueprint_id").GetString());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error").ValueKind);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"), done.GetProperty("started_at").GetString()!);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"), done.GetProperty("finished_at").GetString()!);
        Assert.Contains("in_progress", seen);
    }

    [Fact]
    public async Task Job_artifacts_are_always_strings_and_errors_are_reported()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        var jsonJob = await CreateJobAsync(http, DemoFixture.WriterJsonBlueprint);
        var errorJob = await CreateJobAsync(http, DemoFixture.WriterErrorBlueprint);
        var json = await WaitForJobAsync(http, jsonJob);
        var error = await WaitForJobAsync(http, errorJob);

        Assert.Equal(JsonValueKind.String, json.GetProperty("artifact").ValueKind);
        using var parsed = JsonDocument.Parse(json.GetProperty("artifact").GetString()!);
        Assert.Equal("doc_67890", parsed.RootElement.GetProperty("document_id").GetString());
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal(string.Empty, error.GetProperty("artifact").GetString());
        Assert.StartsWith("Blueprint execution failed", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Unknown_job_is_404()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = WriterClient.Get("v1/agents/jobs/job_abc123def456");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Listing_shows_deployed_builder_agents_with_their_api_blueprints()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = WriterClient.Get("v1/agents?type=builder");
        using var other = WriterClient.Get("v1/agents?type=chat");

        using var response = await http.SendAsync(request);
        using var otherResponse = await http.SendAsync(other);
        var list = await response.ReadJsonAsync();

        var agent = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.Equal(DemoFixture.WriterAgentId, agent.GetProperty("id").GetString());
        var blueprints = agent.GetProperty("blueprints").EnumerateArray().Select(b => b.GetProperty("id").GetString()).ToArray();
        Assert.Contains(DemoFixture.WriterTextBlueprint, blueprints);
        Assert.DoesNotContain(DemoFixture.WriterUiOnlyBlueprint, blueprints);
        Assert.False(list.GetProperty("has_more").GetBoolean());
        Assert.Equal(0, (await otherResponse.ReadJsonAsync()).GetProperty("data").GetArrayLength());
    }

    private static async Task<string> CreateJobAsync(HttpClient http, string blueprint)
    {
        using var request = WriterClient.Post(WriterClient.BlueprintPath(blueprint) + "/jobs");
        using var response = await http.SendAsync(request);
        return (await response.ReadJsonAsync()).GetProperty("job_id").GetString()!;
    }

    private static Task<JsonElement> WaitForJobAsync(HttpClient http, string jobId) => Poll.UntilAsync(
        async () =>
        {
            using var poll = WriterClient.Get($"v1/agents/jobs/{jobId}");
            using var response = await http.SendAsync(poll);
            return await response.ReadJsonAsync();
        },
        j => j.GetProperty("status").GetString() is "completed" or "error");
}
