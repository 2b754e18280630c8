using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

namespace ElsaWorkspaceAgents.Cli.Tests;

/// <summary><c>listen</c> receiving the emulator's real signed GPT Workbench webhooks, and refusing bad deliveries plainly.</summary>
public sealed class ListenCommandTests : IAsyncLifetime
{
    private const string Secret = DemoFixture.GptWorkbenchWebhookSecret;
    private readonly string secretVariable = "ELSA_AGENTS_TEST_SECRET_" + Guid.NewGuid().ToString("N");
    private EmulatorHost emulator = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Timings = EmulatorTimings.Fast() });
        http = emulator.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(secretVariable, null);
        http.Dispose();
        await emulator.DisposeAsync();
    }

    private sealed record Listener(Task<int> Run, StringWriter Stdout, StringWriter Stderr, Uri Url)
    {
        public async Task<CliRun> EndAsync() => new(await Run, Stdout.ToString(), Stderr.ToString());
    }

    private async Task<Listener> ListenAsync(string secret, params string[] extra)
    {
        Environment.SetEnvironmentVariable(secretVariable, secret);
        var port = FreePort();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var run = CliApp.InvokeAsync(["listen", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--secret-env", secretVariable, .. extra],
            TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr));
        var url = new Uri($"http://127.0.0.1:{port}/");
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!run.IsCompleted && !await AcceptsAsync(port) && DateTime.UtcNow < until)
        {
            await Task.Delay(25);
        }

        return new Listener(run, stdout, stderr, url);
    }

    private async Task PointWebhookAtAsync(Uri url)
    {
        using var response = await http.PutAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/webhook",
            new StringContent(JsonSerializer.Serialize(new { url = url.AbsoluteUri, secret = Secret }), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> TriggerAsync(string prompt)
    {
        using var response = await http.PostAsync($"webhooks/trigger/{DemoFixture.GptWorkbenchToken}",
            new StringContent(JsonSerializer.Serialize(new { prompt }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("jobId").GetString()!;
    }

    private static async Task<HttpStatusCode> PostAsync(Uri url, string body, string? signature)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, signature);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_real_signed_callback_is_verified_and_printed_with_its_answer_as_json_lines()
    {
        var listener = await ListenAsync(Secret, "--count", "1", "--timeout", "60", "--json");
        await PointWebhookAtAsync(listener.Url);

        var jobId = await TriggerAsync("Summarise the open tickets");
        var run = await listener.EndAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.StartsWith(listener.Url.AbsoluteUri.TrimEnd('/'), lines[0].GetProperty("listening").GetString());
        var verified = lines.Single(l => l.TryGetProperty("verified", out var v) && v.GetBoolean());
        Assert.Equal(jobId, verified.GetProperty("runId").GetString());
        Assert.Equal("accepted", verified.GetProperty("verdict").GetString());
        Assert.Equal("GPT Workbench response to: Summarise the open tickets", verified.GetProperty("answer").GetString());
        Assert.Equal("Succeeded", verified.GetProperty("state").GetString());
        var delivery = emulator.State.GptWorkbench.Deliveries.Single();
        Assert.Equal(delivery.DeliveryId, verified.GetProperty("deliveryId").GetString());
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr);
        Assert.DoesNotContain(delivery.Signature["sha256=".Length..], run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Refused_deliveries_are_printed_with_the_plain_reason_and_a_real_one_still_gets_through()
    {
        var listener = await ListenAsync(Secret, "--count", "1", "--timeout", "60");
        var forged = $"{{\"jobId\":\"job-forged\",\"status\":\"completed\",\"response\":\"x\",\"timestamp\":\"{DateTimeOffset.UtcNow:O}\"}}";

        var unsigned = await PostAsync(listener.Url, forged, signature: null);
        var otherSecret = await PostAsync(listener.Url, forged, WebhookSignature.Compute("whsec_attacker", Encoding.UTF8.GetBytes(forged)));
        var malformed = await PostAsync(listener.Url, forged, "md5=abc");
        await PointWebhookAtAsync(listener.Url);
        var jobId = await TriggerAsync("A real one");
        var run = await listener.EndAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned);
        Assert.Equal(HttpStatusCode.Unauthorized, otherSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, malformed);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("refused (401 missing_signature): The delivery has no X-Workbench-Signature header.", run.Stdout);
        Assert.Contains("refused (401 invalid_signature): The signature does not match the body", run.Stdout);
        Assert.Contains("refused (401 malformed_signature)", run.Stdout);
        Assert.Contains($"verified delivery {emulator.State.GptWorkbench.Deliveries.Single().DeliveryId}: run {jobId} completed (Succeeded)", run.Stdout);
        Assert.Contains("Answer: GPT Workbench response to: A real one", run.Stdout);
        Assert.DoesNotContain("job-forged", run.Stdout.Split('\n').Single(l => l.Contains("verified", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_listener_with_the_wrong_secret_refuses_every_attempt_and_says_it_verified_nothing()
    {
        var listener = await ListenAsync("whsec_not_the_triggers_secret", "--count", "1", "--timeout", "5");
        await PointWebhookAtAsync(listener.Url);

        await TriggerAsync("Signed with the trigger's secret");
        var delivery = await WaitForSettledDeliveryAsync();
        var run = await listener.EndAsync();

        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.All(delivery.Attempts, a => Assert.Equal(401, a.StatusCode));
        Assert.True(run.ExitCode == 9, run.ToString());
        Assert.Equal(delivery.Attempts.Count, run.Stdout.Split('\n').Count(l => l.Contains("refused (401 invalid_signature)", StringComparison.Ordinal)));
        Assert.Contains("Stopped after 0 of 1 verified results.", run.Stderr);
    }

    [Fact]
    public async Task Without_the_secret_in_the_environment_it_refuses_to_start_and_names_the_variable()
    {
        Environment.SetEnvironmentVariable(secretVariable, null);

        var run = await CliRun.InvokeAsync("listen", "--port", "0", "--secret-env", secretVariable, "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(secretVariable, run.Json.GetProperty("error").GetString());
    }

    private async Task<WebhookDelivery> WaitForSettledDeliveryAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var delivery = emulator.State.GptWorkbench.Deliveries.SingleOrDefault();
            if (delivery is { Status: not WebhookDeliveryStatus.Pending } || DateTime.UtcNow > until)
            {
                return delivery ?? throw new InvalidOperationException("No delivery was made.");
            }

            await Task.Delay(25);
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
