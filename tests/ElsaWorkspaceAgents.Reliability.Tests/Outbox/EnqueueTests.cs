using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Outbox;

public sealed class EnqueueTests
{
    [Fact]
    public async Task Enqueuing_the_same_event_twice_returns_the_row_already_stored()
    {
        using var database = new TempDatabase();
        await using var host = await DispatcherHost.StartAsync(
            OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:DispatcherEnabled", "false")),
            triggers: new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted));
        var sourceEvent = TestEvents.One("dedupe", 1);

        var first = await host.Outbox.EnqueueAsync(sourceEvent, ReliabilityWorld.ConnectionName);
        var second = await host.Outbox.EnqueueAsync(sourceEvent with { Summary = "redelivered with a new summary" }, ReliabilityWorld.ConnectionName);

        Assert.True(first.Created);
        Assert.True(second.IsDuplicate);
        Assert.Equal(first.Entry.Id, second.Entry.Id);
        Assert.Equal(IdempotencyKey.For(sourceEvent), second.Entry.IdempotencyKey);
        Assert.Equal(first.Entry.Input, second.Entry.Input);
        Assert.Equal(1, (await host.Queries.CountAsync()).Total);
    }

    [Fact]
    public async Task A_batch_with_the_same_event_twice_stores_it_once_and_reports_the_second_as_a_duplicate()
    {
        using var database = new TempDatabase();
        await using var host = await DispatcherHost.StartAsync(
            OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:DispatcherEnabled", "false")),
            triggers: new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted));
        var events = new[] { TestEvents.One("batch", 1), TestEvents.One("batch", 2), TestEvents.One("batch", 1) };

        var results = await host.Outbox.EnqueueManyAsync(events, ReliabilityWorld.ConnectionName);

        Assert.Equal([true, true, false], results.Select(r => r.Created));
        Assert.Equal(results[0].Entry.Id, results[2].Entry.Id);
        Assert.Equal(2, (await host.Queries.CountAsync()).Total);
    }

    [Fact]
    public async Task The_same_event_for_two_connections_is_two_rows()
    {
        using var database = new TempDatabase();
        await using var host = await DispatcherHost.StartAsync(
            OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:DispatcherEnabled", "false")),
            triggers: new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted));
        var sourceEvent = TestEvents.One("fanout", 1);

        var a = await host.Outbox.EnqueueAsync(sourceEvent, "agent-a");
        var b = await host.Outbox.EnqueueAsync(sourceEvent, "agent-b");

        Assert.True(a.Created && b.Created);
        Assert.NotEqual(a.Entry.Id, b.Entry.Id);
    }

    [Fact]
    public async Task One_invalid_event_refuses_the_whole_batch_and_nothing_is_stored()
    {
        using var database = new TempDatabase();
        await using var host = await DispatcherHost.StartAsync(
            OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:DispatcherEnabled", "false")),
            triggers: new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted));
        var events = new[] { TestEvents.One("all-or-nothing", 1), TestEvents.One("all-or-nothing", 2) with { EventId = "bad\uD800" } };

        var refused = await Assert.ThrowsAsync<AgentInputException>(() => host.Outbox.EnqueueManyAsync(events, ReliabilityWorld.ConnectionName));

        Assert.Contains("invalid Unicode", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await host.Queries.CountAsync()).Total);
    }

    [Fact]
    public async Task An_input_over_GPT_Workbenchs_documented_limit_is_refused_at_enqueue_even_when_the_connection_asks_for_more()
    {
        using var database = new TempDatabase();
        var connection = ReliabilityPlatform.GptWorkbench.ConnectionName;
        await using var host = await DispatcherHost.StartAsync(OutboxTestSettings.For(database,
            ("WorkspaceAgents:Outbox:DispatcherEnabled", "false"), ($"WorkspaceAgents:Connections:{connection}:MaxInputLength", "80000")));
        var request = new AgentTriggerRequest { Input = new string('x', 60_000), IdempotencyKey = "over-the-documented-limit" };

        // The trigger would refuse it (the documented maximum can be lowered, not raised): stored, it could only fail.
        var refused = await Assert.ThrowsAsync<AgentInputException>(() => host.Outbox.EnqueueAsync(request, connection));

        Assert.Contains("at most 50,000", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await host.Queries.CountAsync()).Total);
    }

    [Fact]
    public async Task Options_bind_from_the_WorkspaceAgents_Outbox_section_and_a_missing_connection_string_fails_at_start()
    {
        using var database = new TempDatabase();
        var settings = OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:ConnectionString", ""));

        var failure = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            DispatcherHost.StartAsync(settings, triggers: new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted)));

        Assert.Contains("WorkspaceAgents:Outbox:ConnectionString is required", failure.Message, StringComparison.Ordinal);
    }
}
