using System.Net;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>Raw calls to the GPT Workbench trigger endpoints.</summary>
internal static class GptWorkbenchClient
{
    public static async Task<HttpResponseMessage> TriggerAsync(HttpClient client, string prompt, string? source = null, string token = DemoFixture.GptWorkbenchToken, string? forwardedFor = null)
    {
        var body = source is null ? JsonSerializer.Serialize(new { prompt }) : JsonSerializer.Serialize(new { prompt, source });
        var request = HttpExtensions.JsonPost($"webhooks/trigger/{token}", body);
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        using (request)
        {
            return await client.SendAsync(request);
        }
    }

    public static async Task<string> QueuedJobIdAsync(HttpClient client, string prompt, string token = DemoFixture.GptWorkbenchToken)
    {
        using var response = await TriggerAsync(client, prompt, "tests", token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("jobId").GetString()!;
    }

    public static Task<JsonElement> WaitForStatusAsync(HttpClient client, string jobId, string status, string token = DemoFixture.GptWorkbenchToken) =>
        Poll.UntilAsync(
            () => client.GetJsonAsync($"webhooks/trigger/{token}/status"),
            j => j.GetProperty("jobId").GetString() == jobId && j.GetProperty("status").GetString() == status,
            what: $"job {jobId} to be {status}");
}
