using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Tests.Admin;

/// <summary>No token, API key or Authorization header ever reaches the logs, even at Trace level.</summary>
public sealed class SecretRedactionTests
{
    [Fact]
    public async Task Logs_at_trace_level_contain_no_secrets()
    {
        var capture = new CapturingLoggerProvider();
        await using var emulator = await TestEmulator.StartAsync(logging: builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            builder.AddProvider(capture);
        });
        using var http = emulator.CreateClient();
        var unknownWorkbenchToken = "zz_unknown_workbench_token_that_must_not_be_logged_000000000000000";
        var unknownDocsToken = "zz_unknown_docsgpt_token_must_not_be_logged";

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("LOG-1"));
        (await WorkspaceAgentsClient.TriggerAsync(http, "x", token: DemoFixture.UnsharedToken)).Dispose();
        (await WorkspaceAgentsClient.TriggerAsync(http, "x", token: "sk-secret-platform-key")).Dispose();
        (await GptWorkbenchClient.TriggerAsync(http, "hello")).Dispose();
        (await GptWorkbenchClient.TriggerAsync(http, "hello", token: unknownWorkbenchToken)).Dispose();
        (await http.GetAsync($"webhooks/trigger/{DemoFixture.GptWorkbenchToken}/status")).Dispose();
        using (var docs = HttpExtensions.JsonPost($"api/webhooks/agents/{DemoFixture.DocsGptToken}", "{\"question\":\"q\"}"))
        {
            (await http.SendAsync(docs)).Dispose();
        }

        (await http.GetAsync($"api/webhooks/agents/{DemoFixture.DocsGptToken}?question=q")).Dispose();
        (await http.GetAsync($"api/webhooks/agents/{unknownDocsToken}?question=q")).Dispose();
        using (var writer = WriterClient.Post(WriterClient.BlueprintPath()))
        {
            (await http.SendAsync(writer)).Dispose();
        }

        using (var badWriter = WriterClient.Post(WriterClient.BlueprintPath(), apiKey: "writer_wrong_key_secret"))
        {
            (await http.SendAsync(badWriter)).Dispose();
        }

        await emulator.WaitForIdleAsync(TimeSpan.FromSeconds(20));

        var log = string.Join('\n', capture.Entries);
        Assert.Contains("agtch_demo", log, StringComparison.Ordinal);
        foreach (var secret in new[]
                 {
                     DemoFixture.WorkspaceAgentsToken, DemoFixture.UnsharedToken, "sk-secret-platform-key", DemoFixture.GptWorkbenchToken,
                     unknownWorkbenchToken, DemoFixture.DocsGptToken, unknownDocsToken, DemoFixture.WriterApiKey, "writer_wrong_key_secret",
                     "Bearer ", DemoFixture.GptWorkbenchWebhookSecret,
                 })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }
}
