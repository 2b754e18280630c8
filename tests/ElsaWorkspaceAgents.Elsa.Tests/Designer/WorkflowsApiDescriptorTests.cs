using System.Net;
using System.Text.Json;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.ElsaTests.Workflows;
using ElsaWorkspaceAgents.SampleHost;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Designer;

/// <summary>
/// What Elsa Studio receives about the pack: the activity descriptors as the sample host's Workflows API serves them over
/// HTTP (logged in through Elsa Identity), checked field by field against what a designer user expects to read.
/// </summary>
[Collection(SampleHostCollection.Name)]
public sealed class WorkflowsApiDescriptorTests(ITestOutputHelper output) : RunningSampleHostTest(output)
{
    private static readonly string[] TriggerOutcomes = ["Accepted", "Unauthorized", "Forbidden", "Not Found", "Conflict", "Rate Limited", "Invalid Input", "Failed"];

    /// <summary>Per activity: display name, kind, the flow outcomes in order, and the UI hint of every input.</summary>
    private static readonly Dictionary<string, (string DisplayName, string Kind, string[] Outcomes, Dictionary<string, string> Inputs)> Expected = new()
    {
        ["ElsaWorkspaceAgents.BuildAgentInput"] = ("Build Agent Input", "Action", ["Done", "Invalid Input"], new()
        {
            ["SourceSystem"] = "singleline", ["EventType"] = "singleline", ["EventId"] = "singleline", ["RequestId"] = "singleline",
            ["Destination"] = "singleline", ["EntityId"] = "singleline", ["Summary"] = "multiline", ["Payload"] = "json-editor",
            ["Connection"] = "dropdown", ["Platform"] = "dropdown",
        }),
        ["ElsaWorkspaceAgents.DeriveIdempotencyKey"] = ("Derive Idempotency Key", "Action", ["Done", "Invalid Input"], new()
        {
            ["SourceSystem"] = "singleline", ["EventType"] = "singleline", ["EventId"] = "singleline", ["Scope"] = "singleline",
        }),
        ["ElsaWorkspaceAgents.DeriveConversationKey"] = ("Derive Conversation Key", "Action", ["Done", "Invalid Input"], new()
        {
            ["SourceSystem"] = "singleline", ["EntityType"] = "singleline", ["EntityId"] = "singleline",
        }),
        ["ElsaWorkspaceAgents.TriggerWorkspaceAgent"] = ("Trigger Workspace Agent", "Task", TriggerOutcomes, new()
        {
            ["Connection"] = "dropdown", ["InputText"] = "multiline", ["IdempotencyKey"] = "singleline", ["ConversationKey"] = "singleline",
            ["RequestId"] = "singleline",
        }),
        ["ElsaWorkspaceAgents.TriggerAgent"] = ("Trigger Agent", "Task", [.. TriggerOutcomes, "Unconfirmed"], new()
        {
            ["Connection"] = "dropdown", ["InputText"] = "multiline", ["IdempotencyKey"] = "singleline", ["ConversationKey"] = "singleline",
            ["RequestId"] = "singleline", ["StructuredInput"] = "json-editor", ["CallerSource"] = "singleline",
        }),
        ["ElsaWorkspaceAgents.WaitForAgentResult"] = ("Wait For Agent Result", "Action", ["Succeeded", "Failed", "Timed Out"], new()
        {
            ["Connection"] = "dropdown", ["RunId"] = "singleline", ["PollInterval"] = "singleline", ["MaxPollInterval"] = "singleline",
            ["Timeout"] = "singleline",
        }),
    };

    private async Task<IReadOnlyList<JsonElement>> PackDescriptorsAsync()
    {
        using var api = await ElsaApiClient.LogInAsync(Host.Host.BaseAddress);
        return (await api.ActivityDescriptorsAsync()).Where(d => d.GetProperty("category").GetString() == "Workspace Agents").ToArray();
    }

    [Fact]
    public async Task The_API_is_not_open_without_a_login()
    {
        using var anonymous = new HttpClient { BaseAddress = Host.Host.BaseAddress };
        using var response = await anonymous.GetAsync(WorkflowsApiComposition.RoutePrefix + "/descriptors/activities");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ElsaApiClient.LogInAsync(Host.Host.BaseAddress, password: "not-the-password"));
    }

    [Fact]
    public async Task The_Workspace_Agents_category_holds_the_six_activities_with_dotted_type_names_without_spaces()
    {
        var descriptors = await PackDescriptorsAsync();

        Assert.Equal(Expected.Keys.Order(), descriptors.Select(d => d.GetProperty("typeName").GetString()).Order());
        Assert.All(descriptors, d =>
        {
            Assert.Equal("ElsaWorkspaceAgents", d.GetProperty("namespace").GetString());
            Assert.DoesNotContain(" ", d.GetProperty("typeName").GetString());
        });
    }

    [Fact]
    public async Task Every_activity_reads_as_a_designer_expects_name_kind_description_outcomes_and_input_hints()
    {
        foreach (var descriptor in await PackDescriptorsAsync())
        {
            var typeName = descriptor.GetProperty("typeName").GetString()!;
            var expected = Expected[typeName];
            Assert.Equal(expected.DisplayName, descriptor.GetProperty("displayName").GetString());
            Assert.Equal(expected.Kind, descriptor.GetProperty("kind").GetString());
            Assert.True(descriptor.GetProperty("description").GetString()!.Length > 40, $"{typeName} needs a description a designer can act on");

            var outcomes = descriptor.GetProperty("ports").EnumerateArray()
                .Where(p => p.GetProperty("type").GetString() == "Flow").Select(p => p.GetProperty("name").GetString());
            Assert.Equal(expected.Outcomes, outcomes);

            var inputs = descriptor.GetProperty("inputs").EnumerateArray().ToArray();
            Assert.Equal(expected.Inputs, inputs.ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("uiHint").GetString()!));
            Assert.All(inputs, i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("description").GetString()), $"{typeName}.{i.GetProperty("name")} has no description"));
            Assert.All(descriptor.GetProperty("outputs").EnumerateArray(),
                o => Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("description").GetString()), $"{typeName}.{o.GetProperty("name")} has no description"));
        }
    }

    [Fact]
    public async Task The_connection_drop_downs_list_name_and_platform_and_never_a_credential()
    {
        var descriptors = (await PackDescriptorsAsync()).ToDictionary(d => d.GetProperty("typeName").GetString()!);

        Assert.Equal([("default (Workspace Agents)", "default")], DropDown(descriptors["ElsaWorkspaceAgents.TriggerWorkspaceAgent"], "Connection"));
        Assert.Equal(
            [("default (Workspace Agents)", "default"), ("docsgpt (DocsGPT)", "docsgpt"), ("gpt-workbench (GPT Workbench)", "gpt-workbench"), ("writer (Writer)", "writer")],
            DropDown(descriptors["ElsaWorkspaceAgents.TriggerAgent"], "Connection"));

        var served = string.Join('\n', descriptors.Values.Select(d => d.GetRawText()));
        Assert.DoesNotContain(DemoFixture.WorkspaceAgentsToken, served);
        Assert.DoesNotContain(DemoFixture.DocsGptToken, served);
        Assert.DoesNotContain(Emulator.BaseAddress.ToString().TrimEnd('/'), served);
    }

    [Fact]
    public async Task The_trigger_outputs_include_the_attempt_history()
    {
        var trigger = (await PackDescriptorsAsync()).Single(d => d.GetProperty("typeName").GetString() == "ElsaWorkspaceAgents.TriggerWorkspaceAgent");
        var outputs = trigger.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o.GetProperty("displayName").GetString());
        Assert.Equal("Attempts", outputs["Attempts"]);
        Assert.Equal("HTTP Status", outputs["HttpStatus"]);
    }

    [Fact]
    public async Task The_Studio_module_gives_every_served_activity_its_own_icon_and_colour()
    {
        var served = (await PackDescriptorsAsync()).Select(d => d.GetProperty("typeName").GetString()!).Order().ToArray();
        var settings = new ElsaWorkspaceAgents.Studio.DisplaySettings.WorkspaceAgentsActivityDisplaySettingsProvider().GetSettings();

        Assert.Equal(served, settings.Keys.Order());
        Assert.All(settings.Values, s => Assert.False(string.IsNullOrWhiteSpace(s.Icon)));
        Assert.Equal(settings.Count, settings.Values.Select(s => s.Icon).Distinct().Count());
    }

    private static IReadOnlyList<(string Text, string Value)> DropDown(JsonElement descriptor, string input)
    {
        var specification = descriptor.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == input)
            .GetProperty("uiSpecifications").GetProperty("dropdown");
        return specification.GetProperty("selectList").GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("text").GetString()!, i.GetProperty("value").GetString()!)).ToArray();
    }
}
