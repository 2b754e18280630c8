using System.Text.RegularExpressions;

namespace ElsaWorkspaceAgents.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_prints_202_the_request_id_the_key_and_the_verified_destination_line()
    {
        var run = await CliRun.InvokeAsync("demo");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("HTTP status: 202", run.Stdout);
        var requestId = Regex.Match(run.Stdout, @"Request ID: (DEMO-\d{14})").Groups[1].Value;
        Assert.NotEmpty(requestId);
        Assert.Matches(@"Idempotency key: ik1_[0-9a-f]{64}", run.Stdout);
        Assert.Contains($"Workspace Agent API demo received: {requestId}", run.Stdout);
    }

    [Fact]
    public async Task Demo_for_every_platform_reports_each_verified_in_json()
    {
        var run = await CliRun.InvokeAsync("demo", "--platform", "all", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var document = run.Json;
        Assert.True(document.GetProperty("verified").GetBoolean());
        var platforms = document.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("platform").GetString()!).ToArray();
        Assert.Equal(["workspace-agents", "gpt-workbench", "docsgpt", "writer"], platforms);
        Assert.All(document.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("verified").GetBoolean()));
    }
}
