using ElsaWorkspaceAgents.Emulator.Chaos;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;

namespace ElsaWorkspaceAgents.Cli.Tests;

/// <summary><c>trigger</c>, <c>preview</c> and <c>wait</c> against a real emulator on loopback.</summary>
public sealed class TriggerCommandTests : IAsyncLifetime
{
    private readonly string tokenVariable = "ELSA_AGENTS_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
    private EmulatorHost emulator = null!;

    public async Task InitializeAsync() => emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Timings = EmulatorTimings.Fast() });

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(tokenVariable, null);
        await emulator.DisposeAsync();
    }

    private Task<CliRun> WorkspaceAgentsAsync(string command, string triggerId, string token, params string[] extra)
    {
        Environment.SetEnvironmentVariable(tokenVariable, token);
        return CliRun.InvokeAsync([command, "--platform", "workspace-agents", "--base-url", emulator.BaseAddress.ToString(),
            "--trigger-id", triggerId, "--token-env", tokenVariable, "--request-id", "CLI-TEST-1", "--destination", "demo-channel", .. extra]);
    }

    [Theory]
    [InlineData(DemoFixture.DemoChannel, DemoFixture.WorkspaceAgentsToken, 0, "Accepted")]
    [InlineData(DemoFixture.DemoChannel, DemoFixture.UnsharedToken, 4, "Forbidden")]
    [InlineData("agtch_nope", DemoFixture.WorkspaceAgentsToken, 5, "NotFound")]
    [InlineData(DemoFixture.InactiveChannel, DemoFixture.WorkspaceAgentsToken, 6, "Conflict")]
    [InlineData(DemoFixture.DemoChannel, DemoFixture.RevokedToken, 3, "Unauthorized")]
    [InlineData("demo-agent", DemoFixture.WorkspaceAgentsToken, 2, "InvalidInput")]
    public async Task Each_outcome_has_its_own_exit_code_and_json_kind(string triggerId, string token, int exitCode, string kind)
    {
        var run = await WorkspaceAgentsAsync("trigger", triggerId, token, "--json");

        Assert.True(exitCode == run.ExitCode, run.ToString());
        Assert.Equal(kind, run.Json.GetProperty("kind").GetString());
        Assert.DoesNotContain(token, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task An_unconfirmed_trigger_on_a_platform_without_idempotency_has_its_own_exit_code()
    {
        emulator.State.Chaos.Configure(new ChaosSettings
        {
            Rules = [new ChaosRule { Platform = ChaosPlatform.GptWorkbench, Mode = ChaosMode.ServerError, StatusCode = 500, Count = 1 }],
        });
        Environment.SetEnvironmentVariable(tokenVariable, DemoFixture.GptWorkbenchToken);

        var run = await CliRun.InvokeAsync("trigger", "--platform", "gpt-workbench", "--base-url", emulator.BaseAddress.ToString(),
            "--token-env", tokenVariable, "--summary", "Maybe twice?", "--json");

        Assert.True(run.ExitCode == 11, run.ToString());
        Assert.Equal("Unconfirmed", run.Json.GetProperty("kind").GetString());
        Assert.Empty(emulator.State.GptWorkbench.GetLogs(DemoFixture.GptWorkbenchTriggerId)!);
        Assert.DoesNotContain(DemoFixture.GptWorkbenchToken, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Preview_prints_the_request_with_the_token_masked_and_sends_nothing()
    {
        var run = await WorkspaceAgentsAsync("preview", DemoFixture.DemoChannel, DemoFixture.WorkspaceAgentsToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("POST " + emulator.BaseAddress + "v1/workspace_agents/agtch_demo/trigger", run.Stdout);
        Assert.Contains("Authorization: Bearer wat_…(14 chars)", run.Stdout);
        Assert.Contains("Request ID: CLI-TEST-1", run.Stdout);
        Assert.DoesNotContain(DemoFixture.WorkspaceAgentsToken, run.Stdout + run.Stderr);
        Assert.Empty(emulator.State.WorkspaceAgents.Runs);
    }

    [Fact]
    public async Task Wait_follows_a_docsgpt_task_to_success()
    {
        Environment.SetEnvironmentVariable(tokenVariable, DemoFixture.DocsGptToken);
        var trigger = await CliRun.InvokeAsync("trigger", "--platform", "docsgpt", "--base-url", emulator.BaseAddress.ToString(),
            "--token-env", tokenVariable, "--summary", "What is new?", "--json");
        Assert.True(trigger.ExitCode == 0, trigger.ToString());
        var taskId = trigger.Json.GetProperty("runId").GetString()!;

        var wait = await CliRun.InvokeAsync("wait", "--platform", "docsgpt", "--base-url", emulator.BaseAddress.ToString(),
            "--token-env", tokenVariable, "--run-id", taskId, "--timeout", "30");

        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Contains("SUCCESS", wait.Stdout);
    }

    [Fact]
    public async Task A_malformed_payload_is_a_clear_invalid_input()
    {
        var run = await WorkspaceAgentsAsync("trigger", DemoFixture.DemoChannel, DemoFixture.WorkspaceAgentsToken, "--payload", "{not json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("The payload is not valid JSON", run.Stderr);
    }
}
