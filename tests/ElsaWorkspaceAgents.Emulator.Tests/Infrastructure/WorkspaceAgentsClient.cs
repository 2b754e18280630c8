using System.Net;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>Minimal raw client for the Workspace Agents trigger, mirroring the seed notebook's request.</summary>
internal static class WorkspaceAgentsClient
{
    public static string Input(string? requestId, string? destination = null)
    {
        var lines = new List<string> { "Source event from test: ticket.created" };
        if (requestId is not null)
        {
            lines.Add("Request ID: " + requestId);
        }

        if (destination is not null)
        {
            lines.Add("Destination: " + destination);
        }

        lines.Add("Update text: hello from the tests");
        return string.Join('\n', lines);
    }

    public static async Task<HttpResponseMessage> TriggerAsync(
        HttpClient client,
        string input,
        string channel = DemoFixture.DemoChannel,
        string token = DemoFixture.WorkspaceAgentsToken,
        string? conversationKey = null,
        string? idempotencyKey = null)
    {
        var body = conversationKey is null
            ? JsonSerializer.Serialize(new { input })
            : JsonSerializer.Serialize(new { input, conversation_key = conversationKey });
        using var request = HttpExtensions.JsonPost($"v1/workspace_agents/{channel}/trigger", body, token, idempotencyKey);
        return await client.SendAsync(request);
    }

    public static async Task AcceptedAsync(HttpClient client, string input, string channel = DemoFixture.DemoChannel, string? conversationKey = null, string? idempotencyKey = null)
    {
        using var response = await TriggerAsync(client, input, channel, conversationKey: conversationKey, idempotencyKey: idempotencyKey);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
