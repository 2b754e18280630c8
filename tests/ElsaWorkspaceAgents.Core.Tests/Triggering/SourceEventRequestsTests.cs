using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Core.Tests.Triggering;

public sealed class SourceEventRequestsTests
{
    private static readonly SourceEvent Event = new()
    {
        SourceSystem = "helpdesk",
        EventType = "ticket.created",
        EventId = "evt-9",
        RequestId = "REQ-9\r\n",
        EntityId = "ticket:T-42",
        Payload = JsonDocument.Parse("""{"priority":"high"}""").RootElement,
    };

    [Fact]
    public void Keys_derive_from_the_event_and_its_entity_and_the_connection_labels_the_destination()
    {
        var request = SourceEventRequests.Create(Event, new AgentConnection { OutputDestination = "team-channel" });

        Assert.Equal(IdempotencyKey.Derive("helpdesk", "ticket.created", "evt-9"), request.IdempotencyKey);
        Assert.Equal(ConversationKey.Derive("helpdesk", "ticket", "T-42"), request.ConversationKey);
        Assert.Equal("REQ-9", request.SourceRequestId);
        Assert.Contains("Destination: team-channel", request.Input);
        Assert.Null(request.StructuredInput);
    }

    [Theory]
    [InlineData(AgentPlatform.DocsGpt, true)]
    [InlineData(AgentPlatform.Writer, true)]
    [InlineData(AgentPlatform.GptWorkbench, false)]
    [InlineData(AgentPlatform.WorkspaceAgents, false)]
    public void The_payload_travels_as_json_only_to_platforms_that_take_json(AgentPlatform platform, bool structured)
    {
        var request = SourceEventRequests.Create(Event, new AgentConnection { Platform = platform, BaseUrl = new Uri("http://127.0.0.1/") });
        Assert.Equal(structured, request.StructuredInput is not null);
    }

    [Theory]
    [InlineData(AgentPlatform.DocsGpt)]
    [InlineData(AgentPlatform.GptWorkbench)]
    public void A_connections_description_yields_the_request_its_connection_does(AgentPlatform platform)
    {
        var connection = new AgentConnection
        {
            Platform = platform, BaseUrl = new Uri("http://127.0.0.1/"), Token = "tok_description_test", OutputDestination = "team-channel",
        };
        var description = TestServices.Build(options => options.Connections["described"] = connection)
            .GetRequiredService<IAgentConnectionRegistry>().Describe("described");

        var fromConnection = SourceEventRequests.Create(Event, connection);
        var fromDescription = SourceEventRequests.Create(Event, description);

        Assert.Equal(fromConnection with { StructuredInput = null }, fromDescription with { StructuredInput = null });
        Assert.Equal(fromConnection.StructuredInput?.GetRawText(), fromDescription.StructuredInput?.GetRawText());
    }

    [Fact]
    public void A_bare_entity_id_is_typed_entity() =>
        Assert.Equal(ConversationKey.Derive("crm", "entity", "D-7"), SourceEventRequests.ConversationKeyForEntity("crm", "D-7"));
}
