using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Callbacks;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Callbacks;

/// <summary>
/// GPT Workbench's signed completion callbacks, sent by the emulator over loopback to a real ASP.NET Core host that maps
/// <c>MapAgentCallbacks()</c>: verified ones reach the handler once; every bad one gets a clear 4xx and reaches nothing.
/// </summary>
public sealed class AgentCallbackReceiverTests : IAsyncLifetime
{
    private const string Secret = DemoFixture.GptWorkbenchWebhookSecret;
    private readonly EmulatorServer emulator = new();
    private CallbackHost host = null!;
    private ServiceProvider client = null!;

    public async Task InitializeAsync()
    {
        await emulator.InitializeAsync();
        host = await CallbackHost.StartAsync(options =>
        {
            options.Connections["workbench"] = Workbench(Secret);
            options.Connections["small"] = Workbench(Secret);
            options.Connections["small"].Callback.MaxBodyBytes = 1024;
            options.Connections["wrong-secret"] = Workbench("whsec_some_other_secret");
            options.Connections["no-secret"] = Workbench(null);
        });
        client = TestServices.Build(options => options.Connections["workbench"] = Workbench(null));
    }

    public async Task DisposeAsync()
    {
        await client.DisposeAsync();
        await host.DisposeAsync();
        await emulator.DisposeAsync();
    }

    private AgentConnection Workbench(string? secret) => new()
    {
        Platform = AgentPlatform.GptWorkbench, BaseUrl = emulator.BaseAddress, Token = DemoFixture.GptWorkbenchToken, CallbackSecret = secret,
    };

    private async Task PointWebhookAtAsync(string connection) =>
        await emulator.PutAdminAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/webhook", new { url = host.UrlFor(connection).AbsoluteUri, secret = Secret });

    private async Task<string> TriggerAsync(string prompt)
    {
        var outcome = await client.GetRequiredService<IAgentTriggerService>().TriggerAsync(Request(prompt), "workbench");
        Assert.True(outcome.IsAccepted, outcome.Detail);
        return outcome.RunId!;
    }

    private async Task<WebhookDelivery> SettledDeliveryAsync(string jobId) =>
        await EmulatorServer.EventuallyAsync(
            () => Task.FromResult(emulator.Host.State.GptWorkbench.Deliveries.FirstOrDefault(d => d.JobId == jobId)),
            d => d is { Status: not WebhookDeliveryStatus.Pending }) ?? throw new InvalidOperationException("No delivery for " + jobId);

    private async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(string connection, byte[] body, IDictionary<string, string> headers, bool chunked = false)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, host.UrlFor(connection));
        request.Content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static Dictionary<string, string> HeadersOf(WebhookDelivery delivery, string? signature = null, string? deliveryId = null) => new()
    {
        [WebhookSignature.SignatureHeader] = signature ?? delivery.Signature,
        [WebhookSignature.TimestampHeader] = delivery.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [WebhookSignature.DeliveryHeader] = deliveryId ?? delivery.DeliveryId,
        [WebhookSignature.EventHeader] = delivery.Event,
    };

    /// <summary>A body the emulator's own scheme signs, with the sending time and job chosen by the test.</summary>
    private static (byte[] Body, string Signature) Signed(string jobId, DateTimeOffset sentAt, string secret = Secret)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            @event = "execution.completed", jobId, status = "completed", response = "made by the test", timestamp = sentAt.ToString("O"),
        }));
        return (body, WebhookSignature.Compute(secret, body));
    }

    [Fact]
    public async Task A_signed_completion_callback_is_verified_and_reaches_the_handler_with_the_answer()
    {
        await PointWebhookAtAsync("workbench");

        var jobId = await TriggerAsync("Summarise the open tickets");
        var delivery = await SettledDeliveryAsync(jobId);

        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(200, delivery.Attempts[^1].StatusCode);
        var callback = Assert.Single(host.Handler.Acted);
        Assert.Equal(jobId, callback.RunId);
        Assert.Equal(delivery.DeliveryId, callback.DeliveryId);
        Assert.Equal("workbench", callback.ConnectionName);
        Assert.Equal("execution.completed", callback.Event);
        Assert.Equal(RunState.Succeeded, callback.Snapshot.State);
        Assert.Equal("GPT Workbench response to: Summarise the open tickets", callback.Snapshot.Answer);
        using var json = JsonDocument.Parse(callback.Snapshot.ResultJson!);
        Assert.Equal(jobId, json.RootElement.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task A_failed_execution_arrives_as_a_failed_run_with_its_error()
    {
        await emulator.ResetAsync(f => f.GptWorkbench.Triggers[0].FailureMessage = "The thread's tool failed");
        await PointWebhookAtAsync("workbench");

        var jobId = await TriggerAsync("This will fail");
        await SettledDeliveryAsync(jobId);

        var callback = Assert.Single(host.Handler.Acted);
        Assert.Equal("execution.failed", callback.Event);
        Assert.Equal(RunState.Failed, callback.Snapshot.State);
        Assert.Equal("The thread's tool failed", callback.Snapshot.Error);
        Assert.Null(callback.Snapshot.Answer);
    }

    [Fact]
    public async Task A_retried_delivery_of_a_handled_result_is_answered_200_without_acting_twice()
    {
        await PointWebhookAtAsync("workbench");
        var jobId = await TriggerAsync("Only once");
        var delivery = await SettledDeliveryAsync(jobId);

        // The platform's retry: the same delivery byte for byte.
        await emulator.PostAdminAsync($"_emulator/gpt-workbench/deliveries/{delivery.DeliveryId}/redeliver");
        // The same result under a new delivery ID (another sender attempt), correctly signed.
        var again = await PostAsync("workbench", Encoding.UTF8.GetBytes(delivery.Body), HeadersOf(delivery, deliveryId: "whd_second"));

        var redelivered = emulator.Host.State.GptWorkbench.Deliveries.Single(d => d.DeliveryId == delivery.DeliveryId);
        Assert.Equal(2, redelivered.Attempts.Count);
        Assert.Equal(200, redelivered.Attempts[^1].StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("already_handled", again.Answer.GetProperty("verdict").GetString());
        Assert.Single(host.Handler.Calls);
        Assert.Single(host.Handler.Acted);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadDeliveries => new()
    {
        { "no signature", "workbench", HttpStatusCode.Unauthorized, "missing_signature" },
        { "signature without the sha256= prefix", "workbench", HttpStatusCode.Unauthorized, "malformed_signature" },
        { "signature that is not hex", "workbench", HttpStatusCode.Unauthorized, "malformed_signature" },
        { "signature of a shorter MAC", "workbench", HttpStatusCode.Unauthorized, "malformed_signature" },
        { "signed with another secret", "workbench", HttpStatusCode.Unauthorized, "invalid_signature" },
        { "body altered by one byte", "workbench", HttpStatusCode.Unauthorized, "invalid_signature" },
        { "receiver holds another secret", "wrong-secret", HttpStatusCode.Unauthorized, "invalid_signature" },
        { "connection without a callback secret", "no-secret", HttpStatusCode.NotFound, "unknown_connection" },
        { "unknown connection", "nobody", HttpStatusCode.NotFound, "unknown_connection" },
        { "body over the size limit", "small", HttpStatusCode.RequestEntityTooLarge, "too_large" },
        { "body over the size limit, chunked", "small", HttpStatusCode.RequestEntityTooLarge, "too_large" },
    };

    [Theory]
    [MemberData(nameof(BadDeliveries))]
    public async Task A_bad_delivery_of_a_real_callback_is_refused_and_reaches_nothing(string what, string connection, HttpStatusCode status, string verdict)
    {
        // A real delivery the emulator made, captured where nothing acts on it (an unknown connection answers 404).
        await emulator.ResetAsync(f => { });
        await PointWebhookAtAsync("nobody");
        var jobId = await TriggerAsync(what.Contains("size") ? new string('p', 4_000) : "A real result: " + what);
        var delivery = await SettledDeliveryAsync(jobId);
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var headers = HeadersOf(delivery);
        switch (what)
        {
            case "no signature":
                headers.Remove(WebhookSignature.SignatureHeader);
                break;
            case "signature without the sha256= prefix":
                headers[WebhookSignature.SignatureHeader] = delivery.Signature["sha256=".Length..];
                break;
            case "signature that is not hex":
                headers[WebhookSignature.SignatureHeader] = "sha256=" + new string('z', 64);
                break;
            case "signature of a shorter MAC":
                headers[WebhookSignature.SignatureHeader] = delivery.Signature[..40];
                break;
            case "signed with another secret":
                headers[WebhookSignature.SignatureHeader] = WebhookSignature.Compute("whsec_attacker", body);
                break;
            case "body altered by one byte":
                var index = Array.IndexOf(body, (byte)'A');
                body[index] = (byte)'B';
                break;
        }

        var (answered, answer) = await PostAsync(connection, body, headers, chunked: what.EndsWith("chunked", StringComparison.Ordinal));

        Assert.Equal(status, answered);
        Assert.Equal(verdict, answer.GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("message").GetString()));
        Assert.Empty(host.Handler.Calls);
        AssertNoSecretIn(host.AllLogText(), delivery.Signature);
        AssertNoSecretIn([answer.GetRawText()], delivery.Signature);
    }

    [Fact]
    public async Task The_size_limit_refuses_the_platforms_own_oversized_delivery_on_every_attempt()
    {
        await PointWebhookAtAsync("small");

        var jobId = await TriggerAsync(new string('p', 4_000));
        var delivery = await SettledDeliveryAsync(jobId);

        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.All(delivery.Attempts, a => Assert.Equal(413, a.StatusCode));
        Assert.Empty(host.Handler.Calls);
    }

    [Fact]
    public async Task A_replay_of_an_old_delivery_is_refused_as_stale()
    {
        await PointWebhookAtAsync("nobody");
        var jobId = await TriggerAsync("Replay me later");
        var delivery = await SettledDeliveryAsync(jobId);

        // Ten minutes later (tolerance 5), the captured delivery is sent again, exactly as it was.
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var replay = await PostAsync("workbench", Encoding.UTF8.GetBytes(delivery.Body), HeadersOf(delivery));
        // A correctly signed body claiming to come from the future beyond the tolerance is no better.
        var (future, futureSignature) = Signed(jobId, host.Clock.GetUtcNow().AddMinutes(6));
        var fromTheFuture = await PostAsync("workbench", future, new Dictionary<string, string> { [WebhookSignature.SignatureHeader] = futureSignature });

        Assert.Equal(HttpStatusCode.Unauthorized, replay.Status);
        Assert.Equal("stale", replay.Answer.GetProperty("verdict").GetString());
        Assert.Contains("stale or replayed", replay.Answer.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, fromTheFuture.Status);
        Assert.Equal("stale", fromTheFuture.Answer.GetProperty("verdict").GetString());
        Assert.Empty(host.Handler.Calls);
        AssertNoSecretIn(host.AllLogText(), delivery.Signature);
    }

    [Fact]
    public async Task The_unsigned_timestamp_header_cannot_freshen_a_body_whose_signed_timestamp_is_old()
    {
        var (body, signature) = Signed("job-old", host.Clock.GetUtcNow().AddHours(-1));

        var (status, answer) = await PostAsync("workbench", body, new Dictionary<string, string>
        {
            [WebhookSignature.SignatureHeader] = signature,
            [WebhookSignature.TimestampHeader] = host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("stale", answer.GetProperty("verdict").GetString());
        Assert.Empty(host.Handler.Calls);
    }

    [Fact]
    public async Task An_unknown_run_id_is_refused_with_404_and_nothing_is_remembered_or_acted_on()
    {
        host.Handler.Knows = _ => false;
        await PointWebhookAtAsync("workbench");

        var jobId = await TriggerAsync("Nobody waits for me");
        var delivery = await SettledDeliveryAsync(jobId);

        // The platform retried each 404 and gave up; nothing acted.
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.All(delivery.Attempts, a => Assert.Equal(404, a.StatusCode));
        Assert.NotEmpty(host.Handler.Calls);
        Assert.Empty(host.Handler.Acted);

        // Once a waiter knows the run, the same delivery is accepted: a 404 left nothing behind that would block it.
        host.Handler.Knows = _ => true;
        var late = await PostAsync("workbench", Encoding.UTF8.GetBytes(delivery.Body), HeadersOf(delivery));
        Assert.Equal(HttpStatusCode.OK, late.Status);
        Assert.Equal("accepted", late.Answer.GetProperty("verdict").GetString());
        Assert.Equal(jobId, Assert.Single(host.Handler.Acted).RunId);
    }

    [Fact]
    public async Task A_delivery_id_reused_with_another_body_is_refused_with_409()
    {
        var now = host.Clock.GetUtcNow();
        var (first, firstSignature) = Signed("job-a", now);
        var (second, secondSignature) = Signed("job-b", now);

        var accepted = await PostAsync("workbench", first, new Dictionary<string, string> { [WebhookSignature.SignatureHeader] = firstSignature, [WebhookSignature.DeliveryHeader] = "whd_same" });
        var reused = await PostAsync("workbench", second, new Dictionary<string, string> { [WebhookSignature.SignatureHeader] = secondSignature, [WebhookSignature.DeliveryHeader] = "whd_same" });

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(HttpStatusCode.Conflict, reused.Status);
        Assert.Equal("delivery_id_reused", reused.Answer.GetProperty("verdict").GetString());
        Assert.Equal("job-a", Assert.Single(host.Handler.Acted).RunId);
    }

    [Theory]
    [InlineData("not json at all", "invalid_body")]
    [InlineData("[1,2,3]", "invalid_body")]
    [InlineData("{\"status\":\"completed\",\"timestamp\":\"NOW\"}", "invalid_body")]
    [InlineData("{\"jobId\":\"j\",\"status\":\"completed\"}", "stale")]
    [InlineData("{\"jobId\":\"j\",\"status\":\"completed\",\"timestamp\":\"yesterday-ish\"}", "stale")]
    public async Task A_correctly_signed_body_that_names_no_run_or_no_time_is_refused(string json, string verdict)
    {
        var body = Encoding.UTF8.GetBytes(json.Replace("NOW", host.Clock.GetUtcNow().ToString("O"), StringComparison.Ordinal));

        var (status, answer) = await PostAsync("workbench", body, new Dictionary<string, string> { [WebhookSignature.SignatureHeader] = WebhookSignature.Compute(Secret, body) });

        Assert.Equal(verdict == "stale" ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest, status);
        Assert.Equal(verdict, answer.GetProperty("verdict").GetString());
        Assert.Empty(host.Handler.Calls);
    }

    [Fact]
    public async Task Header_name_encoding_and_prefix_are_configurable()
    {
        await using var custom = await CallbackHost.StartAsync(options =>
        {
            var connection = Workbench("b64-secret");
            connection.Callback.SignatureHeader = "X-Signature";
            connection.Callback.SignaturePrefix = string.Empty;
            connection.Callback.SignatureEncoding = AgentCallbackSignatureEncoding.Base64;
            options.Connections["custom"] = connection;
        });
        var scheme = new AgentCallbackOptions { SignaturePrefix = string.Empty, SignatureEncoding = AgentCallbackSignatureEncoding.Base64 };
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { jobId = "job-b64", status = "completed", response = "ok", timestamp = custom.Clock.GetUtcNow().ToString("O") }));
        using var http = new HttpClient();

        async Task<HttpStatusCode> SendAsync(string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, custom.UrlFor("custom")) { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(WebhookSignature.SignatureHeader, WebhookSignature.Compute("b64-secret", body)));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("X-Signature", WebhookSignature.Compute("b64-secret", body)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync("X-Signature", AgentCallbackSignature.Compute("b64-secret", body, scheme)));
        Assert.Equal("job-b64", Assert.Single(custom.Handler.Acted).RunId);
    }

    [Fact]
    public async Task Concurrent_copies_of_one_delivery_act_once()
    {
        var (body, signature) = Signed("job-concurrent", host.Clock.GetUtcNow());
        var headers = new Dictionary<string, string> { [WebhookSignature.SignatureHeader] = signature, [WebhookSignature.DeliveryHeader] = "whd_concurrent" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync("workbench", body, headers)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(1, answers.Count(a => a.Answer.GetProperty("verdict").GetString() == "accepted"));
        Assert.Single(host.Handler.Acted);
    }

    private static void AssertNoSecretIn(IEnumerable<string> texts, string signature)
    {
        var hex = signature["sha256=".Length..];
        foreach (var text in texts)
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(hex, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(DemoFixture.GptWorkbenchToken, text, StringComparison.Ordinal);
        }
    }
}
