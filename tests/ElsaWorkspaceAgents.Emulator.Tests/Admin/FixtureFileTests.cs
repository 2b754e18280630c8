using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.Admin;

/// <summary>The documented example fixture file is exactly the built-in default, and fixtures load from files.</summary>
public sealed class FixtureFileTests
{
    private static string DemoFixturePath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "demo-fixture.json");

    [Fact]
    public void Demo_fixture_file_equals_the_built_in_default()
    {
        var fromFile = JsonNode.Parse(FixtureLoader.Serialize(FixtureLoader.Load(DemoFixturePath)));
        var builtIn = JsonNode.Parse(FixtureLoader.Serialize(DemoFixture.Create()));
        var raw = JsonNode.Parse(File.ReadAllText(DemoFixturePath));

        Assert.True(JsonNode.DeepEquals(builtIn, fromFile), "demo-fixture.json differs from DemoFixture.Create(); regenerate it with --print-demo-fixture.");
        Assert.True(JsonNode.DeepEquals(builtIn, raw), "demo-fixture.json is not in canonical form; regenerate it with --print-demo-fixture.");
    }

    [Fact]
    public void Gpt_workbench_demo_token_is_64_characters() => Assert.Equal(64, DemoFixture.GptWorkbenchToken.Length);

    [Fact]
    public async Task Emulator_starts_from_a_fixture_file()
    {
        await using var emulator = await Hosting.EmulatorHost.StartAsync(new Hosting.EmulatorOptions { FixturePath = DemoFixturePath });
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("FILE-1"));
    }

    [Theory]
    [InlineData("{\"workspaceAgents\":{\"agents\":[{\"id\":\"a\",\"name\":\"a\",\"defaultDestination\":\"nowhere\"}]}}", "unknown defaultDestination")]
    [InlineData("{\"workspaceAgents\":", "not valid JSON")]
    [InlineData("{\"gptWorkbench\":{\"threads\":[{\"id\":\"t\"}],\"triggers\":[{\"id\":\"x\",\"name\":\"x\",\"threadId\":\"t\",\"apiToken\":\"tok\",\"ipWhitelist\":[\"10.0.0.0/99\"]}]}}", "ipWhitelist")]
    public void Invalid_fixtures_are_rejected_with_a_reason(string json, string reason)
    {
        var ex = Assert.Throws<FixtureException>(() => FixtureLoader.Parse(json));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_with_a_body_replaces_the_fixture_and_bad_fixtures_are_400()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        var custom = DemoFixture.Create();
        custom.WorkspaceAgents.Agents[0].Channels[0].Id = "agtch_custom";

        using var ok = await http.PostAsync("_emulator/reset", new StringContent(FixtureLoader.Serialize(custom)));
        using var bad = await http.PostAsync("_emulator/reset", new StringContent("{\"workspaceAgents\":"));

        Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("CUSTOM"), "agtch_custom");
        var fixture = await http.GetJsonAsync("_emulator/fixture");
        Assert.Equal("agtch_custom", fixture.GetProperty("workspaceAgents").GetProperty("agents")[0].GetProperty("channels")[0].GetProperty("id").GetString());
    }
}
