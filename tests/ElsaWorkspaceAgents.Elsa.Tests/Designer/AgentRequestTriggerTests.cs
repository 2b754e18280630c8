using Elsa.Extensions;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Models;
using ElsaWorkspaceAgents.Core.Messages;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Designer;

/// <summary>The queue message as the designer shows it once a host registers it with Elsa's MassTransit integration.</summary>
public sealed class AgentRequestTriggerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestEmulator emulator = null!;
    private IActivityRegistry registry = null!;

    public async Task InitializeAsync()
    {
        emulator = await TestEmulator.StartAsync();
        var fixture = await ElsaTestFixtures.Workflows(output, emulator)
            .ConfigureElsa(elsa => elsa.UseMassTransit(massTransit => massTransit.AddMessageType<AgentRequest>()))
            .BuildAsync();
        await fixture.Services.PopulateRegistriesAsync();
        registry = fixture.Services.GetRequiredService<IActivityRegistry>();
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public void AgentRequest_is_a_trigger_named_Agent_Request_in_the_MassTransit_category_with_the_message_as_output()
    {
        var trigger = registry.Find("ElsaWorkspaceAgents.Core.Messages.AgentRequest");

        Assert.NotNull(trigger);
        Assert.Equal((ActivityKind.Trigger, "Agent Request", "MassTransit", true), (trigger!.Kind, trigger.DisplayName, trigger.Category, trigger.IsBrowsable));
        Assert.Contains("message ID", trigger.Description);
        var output = Assert.Single(trigger.Outputs);
        Assert.Equal(typeof(Output<AgentRequest>), output.Type);
    }

    [Fact]
    public void A_Publish_Agent_Request_action_is_offered_beside_it()
    {
        var publish = registry.Find("ElsaWorkspaceAgents.Core.Messages.PublishAgentRequest");

        Assert.NotNull(publish);
        Assert.Equal((ActivityKind.Action, "Publish Agent Request"), (publish!.Kind, publish.DisplayName));
    }
}
