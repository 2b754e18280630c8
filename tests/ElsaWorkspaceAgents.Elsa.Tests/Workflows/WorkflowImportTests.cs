using Elsa.Extensions;
using Elsa.Testing.Shared;
using Elsa.Common.Models;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Management;
using Microsoft.Extensions.DependencyInjection;
using ElsaWorkspaceAgents.Core.Messages;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Workflows;

/// <summary>
/// Each definition imported with Elsa.Testing.Shared.Integration's importer (the path a JSON file takes when uploaded to a
/// server), outside the sample host, and the ones without an HTTP trigger run to the end against the emulator.
/// </summary>
public sealed class WorkflowImportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestEmulator emulator = null!;

    public async Task InitializeAsync() => emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private async Task<WorkflowTestFixture> FixtureAsync()
    {
        var fixture = ElsaTestFixtures.Workflows(output, emulator)
            .ConfigureElsa(elsa => elsa.UseHttp().UseMassTransit(massTransit => massTransit.AddMessageType<AgentRequest>()));
        await fixture.BuildAsync();
        await fixture.Services.PopulateRegistriesAsync();
        return fixture;
    }

    private static string PathOf(string definitionId) => Path.Combine(AppContext.BaseDirectory, "workflows", definitionId + ".json");

    [Theory]
    [InlineData("http-ticket-to-workspace-agent")]
    [InlineData("weekly-report-schedule")]
    [InlineData("message-queue-to-agent")]
    [InlineData("docsgpt-answer-routing")]
    public async Task The_definition_imports_published_with_every_activity_type_known(string definitionId)
    {
        var fixture = await FixtureAsync();
        var definition = await fixture.ImportWorkflowDefinitionAsync(PathOf(definitionId));
        Assert.Equal(definitionId, definition.DefinitionId);
        Assert.True(definition.IsPublished);

        var graph = await fixture.Services.GetRequiredService<IWorkflowDefinitionService>()
            .FindWorkflowGraphAsync(definitionId, VersionOptions.Published);
        Assert.NotNull(graph);
        var activities = graph!.Nodes.Select(n => n.Activity).ToArray();
        Assert.DoesNotContain(activities, a => a is NotFoundActivity);
        Assert.Contains(activities, a => a.Type.StartsWith("ElsaWorkspaceAgents.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_imported_weekly_report_runs_to_the_end_and_the_agent_writes_the_week()
    {
        var fixture = await FixtureAsync();
        await fixture.ImportWorkflowDefinitionAsync(PathOf("weekly-report-schedule"));
        var state = await fixture.RunWorkflowAsync("weekly-report-schedule");
        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Contains(fixture.CapturingTextWriter.Lines, l => l.StartsWith("Weekly report requested: WEEKLY-", StringComparison.Ordinal));
        Assert.Matches(@"WEEKLY-\d{4}-W\d{2}", await WaitForAnyWriteAsync(DemoFixture.DemoDocumentDestination));
    }

    [Fact]
    public async Task The_imported_message_workflow_runs_to_the_end_with_the_agent_request_as_its_trigger_input()
    {
        var fixture = await FixtureAsync();
        await fixture.ImportWorkflowDefinitionAsync(PathOf("message-queue-to-agent"));
        var message = new AgentRequest
        {
            MessageId = "msg-1", SourceSystem = "crm", EventType = "deal.closed", EntityId = "deal-1",
            RequestId = "DEMO-IMPORT-1", Summary = "Deal closed", Data = System.Text.Json.JsonSerializer.SerializeToElement(new { amount = 1 }),
        };
        // The input key Elsa's MessageReceived trigger reads the received message from.
        var state = await fixture.RunWorkflowAsync("message-queue-to-agent", new Dictionary<string, object> { ["Message"] = message });
        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Contains("Message msg-1 accepted by the agent: request DEMO-IMPORT-1", fixture.CapturingTextWriter.Lines);
        Assert.Equal("Workspace Agent API demo received: DEMO-IMPORT-1", await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, "DEMO-IMPORT-1"));
    }

    private async Task<string> WaitForAnyWriteAsync(string destination)
    {
        for (var i = 0; i < 200; i++)
        {
            var writes = await emulator.DestinationWritesAsync(destination);
            if (writes.Count > 0)
            {
                return writes[0];
            }

            await Task.Delay(50);
        }

        return string.Empty;
    }
}
