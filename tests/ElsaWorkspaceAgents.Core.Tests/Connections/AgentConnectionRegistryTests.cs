using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Tests.Connections;

/// <summary>The connection registry: what designers and activities may know of a connection, and no credential.</summary>
public sealed class AgentConnectionRegistryTests
{
    private const string Token = "wat_registry_secret_token_0123456789";
    private const string CallbackSecret = "whsec_registry_callback_secret_0123";

    private static IAgentConnectionRegistry Registry() => TestServices.Build(options =>
    {
        options.Connections["default"] = new AgentConnection
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"), TriggerId = "agtch_registry", Token = Token, OutputDestination = "support-log",
        };
        options.Connections["workbench"] = new AgentConnection
        {
            Platform = AgentPlatform.GptWorkbench, BaseUrl = new Uri("http://127.0.0.1:9/"), Token = Token, MaxInputLength = 80_000,
            CallbackSecret = CallbackSecret,
        };
    }).GetRequiredService<IAgentConnectionRegistry>();

    [Fact]
    public void Describes_name_platform_limit_and_destination_without_the_credential()
    {
        var registry = Registry();

        var wa = registry.Describe(null);
        Assert.Equal(("default", AgentPlatform.WorkspaceAgents, PlatformInputLimits.UndocumentedDefault, "support-log"),
            (wa.Name, wa.Platform, wa.MaxInputLength, wa.OutputDestination));

        // GPT Workbench's documented limit caps what a connection asks for, as the trigger call enforces it.
        var workbench = registry.Describe("workbench");
        Assert.Equal(PlatformInputLimits.GptWorkbenchPrompt, workbench.MaxInputLength);
        Assert.Null(workbench.OutputDestination);

        Assert.Equal(["default", "workbench"], registry.Names.Order());
        Assert.All(new[] { wa, workbench }, d => Assert.DoesNotContain(Token, d.ToString()));
        Assert.All(new[] { wa, workbench }, d => Assert.DoesNotContain(CallbackSecret, d.ToString()));
    }

    [Fact]
    public void Says_whether_completion_callbacks_arrive_without_giving_the_callback_secret()
    {
        var registry = Registry();

        Assert.False(registry.Describe("default").ReceivesCallbacks);
        Assert.True(registry.Describe("workbench").ReceivesCallbacks);
    }

    [Fact]
    public void Redacts_the_named_connections_secrets_and_leaves_other_text_alone()
    {
        var registry = Registry();
        var echoed = $"upstream said: Bearer {Token}, signed with {CallbackSecret}";

        Assert.Equal("upstream said: Bearer ***, signed with ***", registry.Redact("workbench", echoed));
        // The default connection has a token but no callback secret: only what it holds is masked.
        Assert.Equal($"upstream said: Bearer ***, signed with {CallbackSecret}", registry.Redact(null, echoed));
        // An unknown connection has no secret to leak; its name is not an error here.
        Assert.Equal(echoed, registry.Redact("missing", echoed));
        Assert.Null(registry.Redact("workbench", null));
    }

    [Fact]
    public void An_unknown_name_is_a_clear_invalid_input_naming_the_configured_ones()
    {
        var exception = Assert.Throws<AgentInputException>(() => Registry().Describe("missing"));

        Assert.Contains("missing", exception.Message);
        Assert.Contains("default", exception.Message);
    }

    [Fact]
    public void The_input_built_from_a_description_is_the_one_built_from_the_connection()
    {
        var services = TestServices.Build(options => options.Connections["default"] = new AgentConnection
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"), TriggerId = "agtch_registry", Token = Token, OutputDestination = "support-log",
        });
        var sourceEvent = new Core.Events.SourceEvent { SourceSystem = "helpdesk", EventType = "ticket.created", EventId = "evt-1", RequestId = "DEMO-1" };

        var fromDescription = AgentInputBuilder.Build(sourceEvent, services.GetRequiredService<IAgentConnectionRegistry>().Describe("default"));
        var fromConnection = AgentInputBuilder.Build(sourceEvent, services.GetRequiredService<IOptions<WorkspaceAgentsOptions>>().Value.Connections["default"]);

        Assert.Equal(fromConnection.Text, fromDescription.Text);
        Assert.Contains("Destination: support-log", fromDescription.Text);
    }
}
