using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.GptWorkbench;

/// <summary>Signed completion webhooks with bounded retries.</summary>
public sealed class CompletionWebhookTests
{
    [Fact]
    public async Task Completion_is_posted_signed_and_the_signature_verifies_only_for_the_untampered_body()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var emulator = await TestEmulator.StartAsync(f => f.GptWorkbench.Triggers[0].WebhookUrl = receiver.Url.ToString());
        using var http = emulator.CreateClient();

        var jobId = await GptWorkbenchClient.QueuedJobIdAsync(http, "Summarize build #1234");
        var delivered = await Poll.UntilAsync(() => receiver.Received.ToArray(), r => r.Length == 1, what: "webhook");

        var hook = delivered[0];
        var signature = hook.Headers[WebhookSignature.SignatureHeader];
        Assert.StartsWith("sha256=", signature);
        Assert.True(WebhookSignature.Verify(DemoFixture.GptWorkbenchWebhookSecret, hook.Body, signature));
        Assert.True(IndependentHmacMatches(DemoFixture.GptWorkbenchWebhookSecret, hook.Body, signature));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(hook.Body).Replace("Summarize", "Summarise", StringComparison.Ordinal));
        Assert.False(WebhookSignature.Verify(DemoFixture.GptWorkbenchWebhookSecret, tampered, signature));
        Assert.False(WebhookSignature.Verify("wrong-secret", hook.Body, signature));
        Assert.True(long.TryParse(hook.Headers[WebhookSignature.TimestampHeader], out _));
        Assert.Equal("execution.completed", hook.Headers[WebhookSignature.EventHeader]);
        Assert.StartsWith("application/json", hook.Headers["Content-Type"]);

        using var json = JsonDocument.Parse(hook.Body);
        Assert.Equal(jobId, json.RootElement.GetProperty("jobId").GetString());
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("GPT Workbench response to: Summarize build #1234", json.RootElement.GetProperty("response").GetString());

        var deliveries = await Poll.UntilAsync(() => emulator.State.GptWorkbench.Deliveries, d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Delivered);
        Assert.Single(deliveries[0].Attempts);
    }

    [Fact]
    public async Task Failed_deliveries_are_retried_with_the_same_body_and_delivery_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync([500, 503]);
        await using var emulator = await TestEmulator.StartAsync(f => f.GptWorkbench.Triggers[0].WebhookUrl = receiver.Url.ToString());
        using var http = emulator.CreateClient();

        await GptWorkbenchClient.QueuedJobIdAsync(http, "retry me");
        var received = await Poll.UntilAsync(() => receiver.Received.ToArray(), r => r.Length == 3, what: "three attempts");

        Assert.All(received, r => Assert.Equal(received[0].Body, r.Body));
        Assert.Single(received.Select(r => r.Headers[WebhookSignature.DeliveryHeader]).Distinct());
        var delivery = await Poll.UntilAsync(() => emulator.State.GptWorkbench.Deliveries.Single(), d => d.Status != WebhookDeliveryStatus.Pending);
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal([500, 503, 200], delivery.Attempts.Select(a => a.StatusCode ?? 0).ToArray());
        var admin = await http.GetJsonAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/deliveries");
        Assert.Equal("delivered", admin[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Retries_are_bounded_and_failures_of_the_run_are_delivered_too()
    {
        await using var receiver = await WebhookReceiver.StartAsync(defaultStatus: 500);
        await using var emulator = await TestEmulator.StartAsync(f =>
        {
            f.GptWorkbench.Triggers[0].WebhookUrl = receiver.Url.ToString();
            f.GptWorkbench.Triggers[0].FailureMessage = "boom";
        });
        using var http = emulator.CreateClient();

        await GptWorkbenchClient.QueuedJobIdAsync(http, "fails");
        var delivery = await Poll.UntilAsync(() => emulator.State.GptWorkbench.Deliveries.SingleOrDefault(), d => d is { Status: WebhookDeliveryStatus.Failed });

        Assert.Equal(4, delivery!.Attempts.Count);
        Assert.Equal("execution.failed", delivery.Event);
        Assert.Equal(4, receiver.Received.Count);
    }

    [Fact]
    public async Task Unreachable_callback_is_recorded_as_a_transport_failure()
    {
        await using var emulator = await TestEmulator.StartAsync(
            f => f.GptWorkbench.Triggers[0].WebhookUrl = "http://127.0.0.1:9/unreachable",
            timings: t => t.WebhookMaxAttempts = 2);
        using var http = emulator.CreateClient();

        await GptWorkbenchClient.QueuedJobIdAsync(http, "nobody listens");
        var delivery = await Poll.UntilAsync(() => emulator.State.GptWorkbench.Deliveries.SingleOrDefault(), d => d is { Status: WebhookDeliveryStatus.Failed });

        Assert.All(delivery!.Attempts, a => Assert.NotNull(a.Error));
    }

    private static bool IndependentHmacMatches(string secret, byte[] body, string header)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var hex = Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();
        return header == "sha256=" + hex;
    }
}
