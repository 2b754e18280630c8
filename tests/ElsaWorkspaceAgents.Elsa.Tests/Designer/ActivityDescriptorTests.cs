using Elsa.Extensions;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Helpers;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using Elsa.Workflows.UIHints.Dropdown;
using ElsaWorkspaceAgents.Activities;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Designer;

/// <summary>What Elsa Studio reads about the pack: the activity descriptors from Elsa's registry once the pack is registered.</summary>
public sealed class ActivityDescriptorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestEmulator emulator = null!;
    private IServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        emulator = await TestEmulator.StartAsync();
        var fixture = await ElsaTestFixtures.Workflows(output, emulator).BuildAsync();
        services = fixture.Services;
        await services.PopulateRegistriesAsync();
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private ActivityDescriptor Describe<T>() where T : IActivity
    {
        var registry = services.GetRequiredService<IActivityRegistry>();
        var descriptor = registry.Find(ActivityTypeNameHelper.GenerateTypeName<T>());
        Assert.NotNull(descriptor);
        return descriptor!;
    }

    public static TheoryData<Type, string> Activities => new()
    {
        { typeof(BuildAgentInput), "Build Agent Input" },
        { typeof(DeriveIdempotencyKey), "Derive Idempotency Key" },
        { typeof(DeriveConversationKey), "Derive Conversation Key" },
        { typeof(TriggerWorkspaceAgent), "Trigger Workspace Agent" },
        { typeof(TriggerAgent), "Trigger Agent" },
        { typeof(WaitForAgentResult), "Wait For Agent Result" },
    };

    [Theory]
    [MemberData(nameof(Activities))]
    public void Every_activity_is_in_the_Workspace_Agents_category_with_a_display_name_and_description(Type type, string displayName)
    {
        var registry = services.GetRequiredService<IActivityRegistry>();
        var descriptor = registry.Find($"ElsaWorkspaceAgents.{type.Name}");
        Assert.NotNull(descriptor);
        Assert.Equal("ElsaWorkspaceAgents", descriptor!.Namespace);
        Assert.Equal("Workspace Agents", descriptor.Category);
        Assert.Equal(displayName, descriptor.DisplayName);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description));
        Assert.All(descriptor.Inputs, input => Assert.False(string.IsNullOrWhiteSpace(input.Description), $"{type.Name}.{input.Name} has no description"));
        Assert.All(descriptor.Outputs, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{type.Name}.{o.Name} has no description"));
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void No_input_takes_a_secret(Type type, string _)
    {
        var descriptor = services.GetRequiredService<IActivityRegistry>().Find($"ElsaWorkspaceAgents.{type.Name}")!;
        var names = descriptor.Inputs.Select(i => i.Name.ToLowerInvariant()).ToArray();
        Assert.DoesNotContain(names, n => n.Contains("token") || n.Contains("secret") || n.Contains("password") || n.Contains("apikey") || n.Contains("baseurl"));
    }

    [Fact]
    public void Trigger_activities_expose_their_outcomes_as_flow_ports()
    {
        string[] common = ["Accepted", "Unauthorized", "Forbidden", "Not Found", "Conflict", "Rate Limited", "Invalid Input", "Failed"];
        // Workspace Agents honours the idempotency key, so it retries instead of ever ending Unconfirmed.
        Assert.Equal(common, Describe<TriggerWorkspaceAgent>().Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name));
        Assert.Equal([.. common, "Unconfirmed"], Describe<TriggerAgent>().Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name));
        Assert.Contains("Unconfirmed", Describe<TriggerAgent>().Description);
    }

    [Fact]
    public void Activities_that_call_a_platform_are_tasks_like_Elsas_HTTP_request_and_the_rest_actions()
    {
        Assert.Equal(ActivityKind.Task, Describe<TriggerWorkspaceAgent>().Kind);
        Assert.Equal(ActivityKind.Task, Describe<TriggerAgent>().Kind);
        Assert.Equal(ActivityKind.Action, Describe<WaitForAgentResult>().Kind);
        Assert.Equal(ActivityKind.Action, Describe<BuildAgentInput>().Kind);
        Assert.Equal(ActivityKind.Action, Describe<DeriveIdempotencyKey>().Kind);
        Assert.Equal(ActivityKind.Action, Describe<DeriveConversationKey>().Kind);
    }

    [Fact]
    public void The_agent_input_is_edited_in_a_multi_line_box()
    {
        Assert.Equal(InputUIHints.MultiLine, Describe<TriggerWorkspaceAgent>().Inputs.Single(i => i.Name == "InputText").UIHint);
        Assert.Equal(InputUIHints.MultiLine, Describe<TriggerAgent>().Inputs.Single(i => i.Name == "InputText").UIHint);
        Assert.Equal(InputUIHints.MultiLine, Describe<BuildAgentInput>().Inputs.Single(i => i.Name == "Summary").UIHint);
    }

    [Fact]
    public void Trigger_outputs_carry_what_the_seed_says_to_log()
    {
        var outputs = Describe<TriggerWorkspaceAgent>().Outputs.ToDictionary(o => o.Name, o => o.DisplayName);
        Assert.Equal("HTTP Status", outputs["HttpStatus"]);
        Assert.Equal("Request ID", outputs["SourceRequestId"]);
        Assert.Equal("Idempotency Key", outputs["SentIdempotencyKey"]);
        Assert.Equal("Run ID", outputs["RunId"]);
        Assert.Contains("Timestamp", outputs.Keys);
        Assert.Contains("Guidance", outputs.Keys);
        Assert.Contains("Detail", outputs.Keys);
        Assert.Equal("Output", outputs["AgentOutput"]);
    }

    [Fact]
    public void Input_building_and_key_activities_route_invalid_input()
    {
        foreach (var descriptor in new[] { Describe<BuildAgentInput>(), Describe<DeriveIdempotencyKey>(), Describe<DeriveConversationKey>() })
        {
            Assert.Equal(["Done", "Invalid Input"], descriptor.Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name));
        }

        Assert.Equal(["Succeeded", "Failed", "Timed Out"], Describe<WaitForAgentResult>().Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name));
    }

    [Fact]
    public void Build_Agent_Input_has_the_event_fields_in_order()
    {
        var inputs = Describe<BuildAgentInput>().Inputs.OrderBy(i => i.Order).Select(i => i.DisplayName ?? i.Name).ToArray();
        Assert.Equal(["Source System", "Event Type", "Event ID", "Request ID", "Destination", "Entity ID", "Summary", "Payload", "Connection", "Platform"], inputs);
    }

    [Fact]
    public void Connection_inputs_are_drop_downs_listing_the_configured_connection_names_filtered_by_platform()
    {
        var trigger = Describe<TriggerWorkspaceAgent>().Inputs.Single(i => i.Name == "Connection");
        Assert.Equal(InputUIHints.DropDown, trigger.UIHint);
        Assert.Equal([("default (Workspace Agents)", "default")], Items(trigger));

        var any = Describe<TriggerAgent>().Inputs.Single(i => i.Name == "Connection");
        Assert.Equal(["default", "docsgpt", "gpt-workbench", "writer"], Items(any).Select(i => i.Value));

        var wait = Describe<WaitForAgentResult>().Inputs.Single(i => i.Name == "Connection");
        Assert.Equal(["docsgpt", "gpt-workbench", "writer"], Items(wait).Select(i => i.Value));
    }

    [Fact]
    public void Build_Agent_Input_offers_a_platform_drop_down()
    {
        var platform = Describe<BuildAgentInput>().Inputs.Single(i => i.Name == "Platform");
        Assert.Equal(InputUIHints.DropDown, platform.UIHint);
        Assert.Contains("GptWorkbench", Items(platform).Select(i => i.Value));
    }

    [Fact]
    public void Wait_For_Agent_Result_inputs_have_durable_defaults()
    {
        var inputs = Describe<WaitForAgentResult>().Inputs.ToDictionary(i => i.Name);
        Assert.Equal(typeof(TimeSpan), inputs["PollInterval"].Type);
        Assert.Equal(typeof(TimeSpan), inputs["Timeout"].Type);
        Assert.Equal("Run ID", inputs["RunId"].DisplayName);
    }

    private static IReadOnlyList<(string Text, string Value)> Items(InputDescriptor input)
    {
        Assert.NotNull(input.UISpecifications);
        Assert.True(input.UISpecifications!.TryGetValue(InputUIHints.DropDown, out var props), "no drop-down specification");
        return ((DropDownProps)props).SelectList!.Items.Select(i => (i.Text, i.Value)).ToArray();
    }
}
