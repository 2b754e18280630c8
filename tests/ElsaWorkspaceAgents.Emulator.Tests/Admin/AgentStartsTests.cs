using System.Net;
using System.Text;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.Admin;

/// <summary>
/// <c>GET /_emulator/starts</c> and the chaos counts: what a reliability test needs to count agent starts per event on
/// every platform and to account for the faults that left a client unable to confirm its request.
/// </summary>
public sealed class AgentStartsTests
{
    [Fact]
    public async Task Every_platform_s_started_runs_are_listed_with_the_request_id_of_their_input_and_replays_are_not()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("REQ-WA-1"), idempotencyKey: "key-wa-1");
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("REQ-WA-1"), idempotencyKey: "key-wa-1");
        using (var gw = await GptWorkbenchClient.TriggerAsync(http, "Request ID: REQ-GW-1\nDo it"))
        {
            Assert.Equal(HttpStatusCode.Accepted, gw.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var docs = HttpExtensions.JsonPost($"api/webhooks/agents/{DemoFixture.DocsGptToken}",
                HttpExtensions.Json(new { question = "Request ID: REQ-DG-1\nWhat?" }), idempotencyKey: "key-dg-1");
            using var answer = await http.SendAsync(docs);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using (var writer = WriterClient.Post(WriterClient.BlueprintPath() + "/jobs", HttpExtensions.Json(new { inputs = new { text = "Request ID: REQ-WR-1\nSummarise" } })))
        using (var job = await http.SendAsync(writer))
        {
            Assert.True(job.IsSuccessStatusCode, job.StatusCode.ToString());
        }

        var starts = (await http.GetJsonAsync("_emulator/starts")).EnumerateArray()
            .Select(s => (Platform: s.GetProperty("platform").GetString(), RequestId: s.GetProperty("requestId").GetString()))
            .ToArray();
        Assert.Equal(1, starts.Count(s => s == ("workspace_agents", "REQ-WA-1")));
        Assert.Equal(1, starts.Count(s => s == ("gpt_workbench", "REQ-GW-1")));
        Assert.Equal(1, starts.Count(s => s == ("docsgpt", "REQ-DG-1")));
        Assert.Equal(1, starts.Count(s => s == ("writer", "REQ-WR-1")));
        var onlyWriter = (await http.GetJsonAsync("_emulator/starts?platform=writer")).EnumerateArray().ToArray();
        Assert.Equal("REQ-WR-1", Assert.Single(onlyWriter).GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Faults_that_leave_the_client_in_doubt_are_counted_per_platform_and_faults_that_started_nothing_are_not()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        const string rules = """
            {"rules":[
              {"platform":"gpt_workbench","mode":"accept_then_drop","count":1},
              {"platform":"gpt_workbench","mode":"connection_reset","count":1},
              {"platform":"gpt_workbench","mode":"server_error","statusCode":500,"count":1},
              {"platform":"gpt_workbench","mode":"server_error","statusCode":503,"count":1},
              {"platform":"gpt_workbench","mode":"rate_limit","retryAfterSeconds":1,"count":1}
            ]}
            """;
        using (var put = await http.PutAsync("_emulator/chaos", new StringContent(rules, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        for (var i = 0; i < 6; i++)
        {
            try
            {
                using var _ = await GptWorkbenchClient.TriggerAsync(http, $"Request ID: REQ-{i}");
            }
            catch (HttpRequestException)
            {
                // The reset and the dropped answer: the client sees no response.
            }
        }

        var chaos = await http.GetJsonAsync("_emulator/chaos");
        // Dropped answer, reset, 500: three requests the client cannot confirm. The 503 and the 429 started nothing.
        Assert.Equal(3, chaos.GetProperty("afterSendFaults").GetProperty("gpt_workbench").GetInt64());
        Assert.False(chaos.GetProperty("afterSendFaults").TryGetProperty("workspace_agents", out _));
        var firings = chaos.GetProperty("firings").GetProperty("gpt_workbench");
        Assert.Equal(2, firings.GetProperty("server_error").GetInt64());
        Assert.Equal(1, firings.GetProperty("rate_limit").GetInt64());
        Assert.Equal(2, (await http.GetJsonAsync("_emulator/starts?platform=gpt_workbench")).GetArrayLength());
    }
}
