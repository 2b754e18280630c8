using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Activities.Flowchart.Activities;
using Elsa.Workflows.Activities.Flowchart.Models;
using Elsa.Workflows.Memory;
using Elsa.Workflows.Models;
using ElsaWorkspaceAgents.Activities;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Workflows;

/// <summary>
/// Re-running a workflow for the same source event must not start a second agent run: the keys derive from the event,
/// so a crash after the trigger call followed by a re-run, or a second instance for a redelivered event, sends the same key.
/// </summary>
public sealed class NoSecondRunTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestEmulator emulator = null!;

    public async Task InitializeAsync() => emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    /// <summary>Build Agent Input → Derive Idempotency Key → Trigger Workspace Agent, optionally crashing right after the call.</summary>
    private static Workflow TicketWorkflow(string eventId, bool crashAfterTrigger)
    {
        var input = new Variable<string>("AgentInput", string.Empty);
        var key = new Variable<string>("Key", string.Empty);
        var build = new BuildAgentInput
        {
            Id = "build", SourceSystem = new("helpdesk"), EventType = new("ticket.created"), EventId = new(eventId),
            RequestId = new($"DEMO-{eventId}"), Connection = new("default"), InputText = new(input),
        };
        var derive = new DeriveIdempotencyKey
        {
            Id = "derive", SourceSystem = new("helpdesk"), EventType = new("ticket.created"), EventId = new(eventId), Key = new(key),
        };
        var trigger = new TriggerWorkspaceAgent { Id = "trigger", InputText = new(input), IdempotencyKey = new(key), RequestId = new($"DEMO-{eventId}") };
        IActivity after = crashAfterTrigger
            ? new Fault { Id = "crash", Code = new("CRASH"), Category = new("Test"), FaultType = new("System"), Message = new("Simulated crash after the trigger call") }
            : new WriteLine("done") { Id = "done" };
        var flowchart = new Flowchart
        {
            Id = "flow",
            Start = build,
            Activities = { build, derive, trigger, after },
            Connections =
            {
                new(new Endpoint(build, "Done"), new Endpoint(derive)),
                new(new Endpoint(derive, "Done"), new Endpoint(trigger)),
                new(new Endpoint(trigger, "Accepted"), new Endpoint(after)),
            },
        };
        return new Workflow(flowchart) { Variables = { input, key } };
    }

    [Fact]
    public async Task A_crash_after_the_trigger_call_and_a_re_run_for_the_same_event_start_exactly_one_agent_run()
    {
        var fixture = ElsaTestFixtures.Workflows(output, emulator);

        var crashed = await fixture.RunActivityAsync(TicketWorkflow("evt-crash", crashAfterTrigger: true));
        Assert.Equal(WorkflowSubStatus.Faulted, crashed.WorkflowState.SubStatus);
        Assert.Single(await emulator.RunsAsync());

        // The event is processed again (a retry of the failed instance, or the source redelivering it): a new instance.
        var rerun = await fixture.RunActivityAsync(TicketWorkflow("evt-crash", crashAfterTrigger: false));
        Assert.Equal(WorkflowStatus.Finished, rerun.WorkflowState.Status);
        Assert.NotEqual(crashed.WorkflowState.Id, rerun.WorkflowState.Id);
        var trigger = rerun.Journal.ActivityExecutionContexts.Single(c => c.Activity.Id == "trigger");
        Assert.True(trigger.HasOutcome("Accepted"));

        Assert.Single(await emulator.RunsAsync());
        Assert.Single(emulator.Host.State.WorkspaceAgents.IdempotentReplays);
        Assert.Single(await emulator.DestinationWritesAsync(DemoFixture.DemoDestination));
    }

    [Fact]
    public async Task A_different_event_is_a_different_run()
    {
        var fixture = ElsaTestFixtures.Workflows(output, emulator);
        await fixture.RunActivityAsync(TicketWorkflow("evt-a", crashAfterTrigger: false));
        await fixture.RunActivityAsync(TicketWorkflow("evt-b", crashAfterTrigger: false));
        Assert.Equal(2, (await emulator.RunsAsync()).Count);
        Assert.Empty(emulator.Host.State.WorkspaceAgents.IdempotentReplays);
    }
}
