using Elsa.Testing.Shared;
using Elsa.Workflows;
using ElsaWorkspaceAgents.Activities;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Core.Keys;

namespace ElsaWorkspaceAgents.ElsaTests.Activities;

/// <summary>Derive Idempotency Key and Derive Conversation Key alone.</summary>
public sealed class DeriveKeyTests
{
    private static DeriveIdempotencyKey Key(string eventId, string? scope = null) => new()
    {
        SourceSystem = new("helpdesk"), EventType = new("ticket.created"), EventId = new(eventId), Scope = new(scope),
    };

    [Fact]
    public async Task The_key_is_the_core_key_of_the_event()
    {
        var activity = Key("evt-1");
        var context = await new ActivityTestFixture(activity).ExecuteAsync();
        Assert.True(context.HasOutcome("Done"));
        Assert.Equal(IdempotencyKey.Derive("helpdesk", "ticket.created", "evt-1"), context.Text("Key"));
    }

    [Fact]
    public async Task The_key_depends_only_on_the_event_not_on_the_workflow_instance()
    {
        var first = Key("evt-1");
        var second = Key("evt-1");
        var a = await new ActivityTestFixture(first).ExecuteAsync();
        var b = await new ActivityTestFixture(second).ExecuteAsync();
        Assert.NotEqual(a.WorkflowExecutionContext.Id, b.WorkflowExecutionContext.Id);
        Assert.Equal(a.Text("Key"), b.Text("Key"));

        var other = Key("evt-2");
        var c = await new ActivityTestFixture(other).ExecuteAsync();
        Assert.NotEqual(a.Text("Key"), c.Text("Key"));
    }

    [Fact]
    public async Task A_scope_separates_fan_out_and_a_blank_scope_is_no_scope()
    {
        var scoped = Key("evt-1", "agtch_demo");
        var blank = Key("evt-1", "  ");
        var s = await new ActivityTestFixture(scoped).ExecuteAsync();
        var b = await new ActivityTestFixture(blank).ExecuteAsync();
        Assert.Equal(IdempotencyKey.Derive("helpdesk", "ticket.created", "evt-1", "agtch_demo"), s.Text("Key"));
        Assert.Equal(IdempotencyKey.Derive("helpdesk", "ticket.created", "evt-1"), b.Text("Key"));
    }

    [Fact]
    public async Task An_empty_event_id_takes_Invalid_Input()
    {
        var activity = Key(" ");
        var context = await new ActivityTestFixture(activity).ExecuteAsync();
        Assert.True(context.HasOutcome("Invalid Input"));
        Assert.Contains("eventId is required", context.Text("Error"));
    }

    [Fact]
    public async Task The_conversation_key_follows_the_entity()
    {
        var activity = new DeriveConversationKey { SourceSystem = new("helpdesk"), EntityType = new("ticket"), EntityId = new("T-1") };
        var context = await new ActivityTestFixture(activity).ExecuteAsync();
        Assert.True(context.HasOutcome("Done"));
        Assert.Equal(ConversationKey.Derive("helpdesk", "ticket", "T-1"), context.Text("Key"));

        var missing = new DeriveConversationKey { SourceSystem = new("helpdesk"), EntityType = new("ticket"), EntityId = new("") };
        var refused = await new ActivityTestFixture(missing).ExecuteAsync();
        Assert.True(refused.HasOutcome("Invalid Input"));
    }
}
