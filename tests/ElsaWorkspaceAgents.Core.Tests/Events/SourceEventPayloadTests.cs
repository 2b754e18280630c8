using System.Dynamic;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Core.Tests.Events;

/// <summary>Payloads as hosts hold them become the same JSON, so the same event builds the same input everywhere.</summary>
public sealed class SourceEventPayloadTests
{
    [Fact]
    public void Null_empty_and_json_null_mean_no_payload()
    {
        Assert.Null(SourceEventPayload.From(null));
        Assert.Null(SourceEventPayload.From("   "));
        Assert.Null(SourceEventPayload.From(JsonDocument.Parse("null").RootElement));
    }

    [Fact]
    public void A_parsed_body_a_dictionary_a_json_string_and_a_node_give_the_same_canonical_text()
    {
        dynamic expando = new ExpandoObject();
        expando.ticket = 42;
        expando.priority = "high";
        var forms = new object[]
        {
            expando,
            new Dictionary<string, object> { ["priority"] = "high", ["ticket"] = 42 },
            """ {"ticket": 42, "priority": "high"} """,
            JsonNode.Parse("""{"priority":"high","ticket":42}""")!,
            JsonDocument.Parse("""{"ticket":42,"priority":"high"}""").RootElement,
        };

        var texts = forms.Select(f => AgentInputBuilder.CanonicalJson(SourceEventPayload.From(f)!.Value)).Distinct().ToArray();
        Assert.Single(texts);
    }

    [Fact]
    public void Plain_text_stays_a_json_string()
    {
        var payload = SourceEventPayload.From("customer says hello");
        Assert.Equal(JsonValueKind.String, payload!.Value.ValueKind);
        Assert.Equal("customer says hello", payload.Value.GetString());
    }

    [Fact]
    public void Text_that_looks_like_json_but_is_not_is_refused_clearly()
    {
        var error = Assert.Throws<AgentInputException>(() => SourceEventPayload.From("{ not json"));
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_the_payload_is_an_input_error_not_a_crash()
    {
        var payload = SourceEventPayload.From("""{"text":"\ud800"}""");
        var error = Assert.Throws<AgentInputException>(() => AgentInputBuilder.Build(new SourceEvent
        {
            SourceSystem = "helpdesk", EventType = "ticket.created", EventId = "1", Payload = payload,
        }));
        Assert.Contains("Unicode", error.Message);
    }

    [Theory]
    [InlineData(AgentPlatform.WorkspaceAgents, null, PlatformInputLimits.UndocumentedDefault)]
    [InlineData(AgentPlatform.WorkspaceAgents, 500, 500)]
    [InlineData(AgentPlatform.GptWorkbench, null, PlatformInputLimits.GptWorkbenchPrompt)]
    [InlineData(AgentPlatform.GptWorkbench, 1_000_000, PlatformInputLimits.GptWorkbenchPrompt)]
    [InlineData(AgentPlatform.GptWorkbench, 100, 100)]
    public void The_input_limit_of_a_connection_follows_the_trigger_call(AgentPlatform platform, int? configured, int expected) =>
        Assert.Equal(expected, PlatformInputLimits.For(new AgentConnection { Platform = platform, MaxInputLength = configured }));
}

/// <summary>Building the input for a connection uses what the trigger through it will enforce.</summary>
public sealed class AgentInputForConnectionTests
{
    private static readonly SourceEvent Event = new() { SourceSystem = "helpdesk", EventType = "ticket.created", EventId = "T-1", RequestId = "DEMO-1" };

    [Fact]
    public void The_connection_destination_labels_an_event_without_one()
    {
        var input = AgentInputBuilder.Build(Event, new AgentConnection { OutputDestination = "team-channel" });
        Assert.Contains("Destination: team-channel", input.Text);
    }

    [Fact]
    public void The_event_destination_wins_over_the_connection()
    {
        var input = AgentInputBuilder.Build(Event with { Destination = "demo-document" }, new AgentConnection { OutputDestination = "team-channel" });
        Assert.Contains("Destination: demo-document", input.Text);
        Assert.DoesNotContain("team-channel", input.Text);
    }

    [Fact]
    public void The_connection_limit_applies()
    {
        var error = Assert.Throws<AgentInputException>(() =>
            AgentInputBuilder.Build(Event with { Summary = new string('x', 200) }, new AgentConnection { MaxInputLength = 100 }));
        Assert.Contains("at most 100", error.Message);
    }
}
