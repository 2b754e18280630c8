using System.Dynamic;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using ElsaWorkspaceAgents.Activities;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;

namespace ElsaWorkspaceAgents.ElsaTests.Activities;

/// <summary>Build Agent Input alone (Elsa.Testing.Shared's ActivityTestFixture): inputs, outputs, outcomes.</summary>
public sealed class BuildAgentInputTests
{
    private static BuildAgentInput Ticket(string eventId = "evt-1", string? requestId = "DEMO-20260618010101") => new()
    {
        SourceSystem = new("helpdesk"),
        EventType = new("ticket.created"),
        EventId = new(eventId),
        RequestId = new(requestId),
        Summary = new("Printer on fire"),
    };

    [Fact]
    public async Task Builds_the_same_text_as_the_core_and_completes_with_Done()
    {
        var activity = Ticket();
        dynamic body = new ExpandoObject();
        body.priority = "high";
        body.ticketId = "T-1";
        activity.Payload = new((object?)body);

        var context = await new ActivityTestFixture(activity).WithAgents(null).ExecuteAsync();

        Assert.True(context.HasOutcome("Done"));
        var expected = AgentInputBuilder.Build(new SourceEvent
        {
            SourceSystem = "helpdesk", EventType = "ticket.created", EventId = "evt-1", RequestId = "DEMO-20260618010101",
            Summary = "Printer on fire", Payload = SourceEventPayload.From("""{"ticketId":"T-1","priority":"high"}"""),
        }).Text;
        Assert.Equal(expected, context.Text("InputText"));
        Assert.Contains("Request ID: DEMO-20260618010101", expected);
    }

    [Fact]
    public async Task A_missing_event_id_takes_Invalid_Input_with_the_reason()
    {
        var activity = Ticket(eventId: "");
        var context = await new ActivityTestFixture(activity).WithAgents(null).ExecuteAsync();

        Assert.True(context.HasOutcome("Invalid Input"));
        Assert.Contains("event ID is required", context.Text("Error"));
        Assert.Null(context.Text("InputText"));
    }

    [Fact]
    public async Task Json_text_that_is_not_json_takes_Invalid_Input()
    {
        var activity = Ticket();
        activity.Payload = new((object?)"{ broken");
        var context = await new ActivityTestFixture(activity).WithAgents(null).ExecuteAsync();
        Assert.True(context.HasOutcome("Invalid Input"));
    }

    [Fact]
    public async Task No_request_id_tells_the_agent_to_ask_for_one()
    {
        var activity = Ticket(requestId: null);
        var context = await new ActivityTestFixture(activity).WithAgents(null).ExecuteAsync();
        Assert.True(context.HasOutcome("Done"));
        Assert.Contains(AgentInputBuilder.MissingRequestIdNotice, context.Text("InputText"));
    }

    [Fact]
    public async Task The_connection_supplies_destination_and_limit()
    {
        var activity = Ticket();
        activity.Connection = new("small");
        var context = await new ActivityTestFixture(activity)
            .WithAgents(null, o => o.Connections["small"] = new() { OutputDestination = "team-channel", MaxInputLength = 1000 })
            .ExecuteAsync();
        Assert.Contains("Destination: team-channel", context.Text("InputText"));

        var tooLong = Ticket();
        tooLong.Connection = new("small");
        tooLong.Summary = new(new string('x', 2000));
        var refused = await new ActivityTestFixture(tooLong)
            .WithAgents(null, o => o.Connections["small"] = new() { MaxInputLength = 1000 })
            .ExecuteAsync();
        Assert.True(refused.HasOutcome("Invalid Input"));
        Assert.Contains("at most 1,000", refused.Text("Error"));
    }

    [Fact]
    public async Task The_platform_limit_applies_without_a_connection()
    {
        var activity = Ticket();
        activity.Platform = new("GptWorkbench");
        activity.Summary = new(new string('x', PlatformInputLimits.GptWorkbenchPrompt + 1));
        var context = await new ActivityTestFixture(activity).WithAgents(null).ExecuteAsync();
        Assert.True(context.HasOutcome("Invalid Input"));
    }

    [Fact]
    public async Task An_unknown_connection_takes_Invalid_Input_naming_the_configured_ones()
    {
        var activity = Ticket();
        activity.Connection = new("nope");
        var context = await new ActivityTestFixture(activity).WithAgents(null, o => o.Connections["default"] = new()).ExecuteAsync();
        Assert.True(context.HasOutcome("Invalid Input"));
        Assert.Contains("No agent connection named 'nope'", context.Text("Error"));
    }
}
