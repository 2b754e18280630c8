using System.Net;
using System.Text.Json;
using Elsa.Common.Models;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Filters;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Workflows;

/// <summary>
/// Every definition in the repository's workflows/ folder, loaded by the sample host at start-up (SQLite persistence, real
/// Kestrel) and run end to end against the emulator over HTTP.
/// </summary>
[Collection(SampleHostCollection.Name)]
public sealed class WorkflowDefinitionTests(ITestOutputHelper output) : IAsyncLifetime
{
    public static readonly string[] DefinitionIds =
        ["http-ticket-to-workspace-agent", "weekly-report-schedule", "message-queue-to-agent", "docsgpt-answer-routing", "gpt-workbench-callback"];

    private TestEmulator emulator = null!;
    private readonly List<string> databases = [];

    public async Task InitializeAsync() => emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        databases.ForEach(SampleHostRunner.DeleteDatabase);
    }

    private async Task<SampleHostRunner> StartHostAsync(string? database = null, IDictionary<string, string?>? settings = null, TestEmulator? target = null)
    {
        database ??= SampleHostRunner.NewDatabasePath();
        databases.Add(database);
        return await SampleHostRunner.StartAsync(output, target ?? emulator, database, settings);
    }

    private static string NewRequestId() => $"DEMO-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    [Fact]
    public async Task Every_definition_in_the_folder_is_loaded_published_documented_and_has_its_trigger_indexed()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "workflows");
        Assert.Equal(DefinitionIds.Order(), Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order());

        await using var host = await StartHostAsync();
        using var scope = host.Services.CreateScope();
        var definitions = scope.ServiceProvider.GetRequiredService<IWorkflowDefinitionStore>();
        var triggers = scope.ServiceProvider.GetRequiredService<ITriggerStore>();
        foreach (var id in DefinitionIds)
        {
            var definition = await definitions.FindAsync(new WorkflowDefinitionFilter { DefinitionId = id, VersionOptions = VersionOptions.Published });
            Assert.NotNull(definition);
            Assert.False(string.IsNullOrWhiteSpace(definition!.Description), $"{id} has no description");
            Assert.NotEmpty(await triggers.FindManyAsync(new TriggerFilter { WorkflowDefinitionId = id }));
        }

        var cron = Assert.Single(await triggers.FindManyAsync(new TriggerFilter { WorkflowDefinitionId = "weekly-report-schedule" }));
        Assert.Contains("0 0 9 * * MON", JsonSerializer.Serialize(cron.Payload));
    }

    [Fact]
    public async Task The_workflows_readme_documents_every_definition()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "workflows", "README.md"));
        Assert.All(DefinitionIds, id => Assert.Contains($"{id}.json", readme));
    }

    [Fact]
    public async Task Http_ticket_answers_202_with_the_request_id_and_the_agent_writes_it_to_the_destination()
    {
        await using var host = await StartHostAsync();
        var requestId = NewRequestId();
        var (response, body) = await host.PostJsonAsync("api/workflows/tickets", new
        {
            eventId = "evt-" + requestId, ticketId = "T-1001", requestId, summary = "Printer on fire", priority = "high",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        Assert.Equal(requestId, body.GetProperty("requestId").GetString());
        Assert.Equal(202, body.GetProperty("httpStatus").GetInt32());
        Assert.Equal(IdempotencyKey.Derive("helpdesk", "ticket.created", "evt-" + requestId), body.GetProperty("idempotencyKey").GetString());

        var write = await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, requestId);
        Assert.Equal($"Workspace Agent API demo received: {requestId}", write);

        var run = Assert.Single(await emulator.RunsAsync());
        Assert.Equal(ConversationKey.Derive("helpdesk", "ticket", "T-1001"), run.GetProperty("conversationKey").GetString());
        Assert.Contains("Update: Printer on fire", run.GetProperty("input").GetString());
    }

    [Fact]
    public async Task The_same_ticket_event_posted_again_after_a_host_restart_starts_no_second_run()
    {
        var database = SampleHostRunner.NewDatabasePath();
        var requestId = NewRequestId();
        var ticket = new { eventId = "evt-" + requestId, ticketId = "T-1002", requestId, summary = "Duplicate delivery" };

        await using (var first = await StartHostAsync(database))
        {
            var (response, _) = await first.PostJsonAsync("api/workflows/tickets", ticket);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var (retry, _) = await first.PostJsonAsync("api/workflows/tickets", ticket);
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        // The host goes away (a crash, a deploy); the source system delivers the event once more to the new host.
        await using (var second = await StartHostAsync(database))
        {
            var (response, body) = await second.PostJsonAsync("api/workflows/tickets", ticket);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(requestId, body.GetProperty("requestId").GetString());
            Assert.Equal(3, (await second.InstancesAsync("http-ticket-to-workspace-agent")).Count);
        }

        Assert.Single(await emulator.RunsAsync());
        Assert.Equal(2, emulator.Host.State.WorkspaceAgents.IdempotentReplays.Count);
        Assert.NotNull(await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, requestId));
        Assert.Single(await emulator.DestinationWritesAsync(DemoFixture.DemoDestination));
    }

    [Fact]
    public async Task A_ticket_without_an_event_id_answers_400_and_sends_nothing()
    {
        await using var host = await StartHostAsync();
        var (response, body) = await host.PostJsonAsync("api/workflows/tickets", new { ticketId = "T-1003", requestId = NewRequestId() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", body.GetProperty("status").GetString());
        Assert.Contains("event ID is required", body.GetProperty("error").GetString());
        Assert.Empty(await emulator.RunsAsync());
    }

    [Fact]
    public async Task A_refused_trigger_answers_502_with_the_platform_guidance()
    {
        await using var host = await StartHostAsync(settings: new Dictionary<string, string?>
        {
            ["WorkspaceAgents:Connections:default:Token"] = DemoFixture.UnsharedToken,
        });
        var requestId = NewRequestId();
        var (response, body) = await host.PostJsonAsync("api/workflows/tickets", new { eventId = "evt-" + requestId, ticketId = "T-1004", requestId });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Forbidden", body.GetProperty("outcome").GetString());
        Assert.Equal(403, body.GetProperty("httpStatus").GetInt32());
        Assert.Contains("Share the agent", body.GetProperty("guidance").GetString());
        Assert.DoesNotContain(DemoFixture.UnsharedToken, body.ToString());
    }

    [Fact]
    public async Task A_rate_limited_trigger_answers_429()
    {
        await using var host = await StartHostAsync();
        await emulator.SetChaosAsync(new { mode = "rate_limit", retryAfterSeconds = 3600, count = 1 });
        var requestId = NewRequestId();
        var (response, body) = await host.PostJsonAsync("api/workflows/tickets", new { eventId = "evt-" + requestId, ticketId = "T-1005", requestId });
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("Rate Limited", body.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task The_weekly_report_runs_end_to_end_and_a_second_run_in_the_same_week_starts_no_second_agent_run()
    {
        await using var host = await StartHostAsync();

        // Run the published definition as the scheduler would (its Cron bookmark is resumed at once here).
        var first = await host.Services.RunWorkflowUntilEndAsync("weekly-report-schedule");
        var second = await host.Services.RunWorkflowUntilEndAsync("weekly-report-schedule");
        Assert.Equal(WorkflowStatus.Finished, first.Status);
        Assert.Equal(WorkflowStatus.Finished, second.Status);

        var writes = await EventuallyAsync(() => emulator.DestinationWritesAsync(DemoFixture.DemoDocumentDestination), w => w.Count > 0);
        var write = Assert.Single(writes);
        Assert.Matches(@"^Workspace Agent API demo received: WEEKLY-\d{4}-W\d{2}$", write);
        Assert.Single(await emulator.RunsAsync());
    }

    [Fact]
    public async Task A_published_message_starts_the_queue_workflow_and_a_redelivery_starts_no_second_run()
    {
        await using var host = await StartHostAsync();
        var requestId = NewRequestId();
        var message = new
        {
            messageId = "msg-" + requestId, sourceSystem = "crm", eventType = "deal.closed", entityId = "deal-77", requestId,
            summary = "Deal 77 closed: write the hand-over note.", data = new { amount = 12000, currency = "EUR" },
        };

        var (response, _) = await host.PostJsonAsync("messages/agent-requests", message);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"Workspace Agent API demo received: {requestId}", await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, requestId));
        Assert.NotNull(await host.WaitForInstanceAsync("message-queue-to-agent", WorkflowStatus.Finished));

        var (redelivered, _) = await host.PostJsonAsync("messages/agent-requests", message);
        Assert.Equal(HttpStatusCode.Accepted, redelivered.StatusCode);
        await EventuallyAsync(() => host.InstancesAsync("message-queue-to-agent"), i => i.Count(x => x.Status == WorkflowStatus.Finished) == 2);

        var run = Assert.Single(await emulator.RunsAsync());
        Assert.Contains("\"currency\": \"EUR\"", run.GetProperty("input").GetString());
        Assert.Single(emulator.Host.State.WorkspaceAgents.IdempotentReplays);
    }

    /// <summary>The message workflow with its 'default' connection on Writer jobs, which honours no idempotency key.</summary>
    private Task<SampleHostRunner> StartWriterMessageHostAsync() => StartHostAsync(settings: new Dictionary<string, string?>
    {
        ["WorkspaceAgents:Connections:default:Platform"] = "Writer",
        ["WorkspaceAgents:Connections:default:Token"] = DemoFixture.WriterApiKey,
        ["WorkspaceAgents:Connections:default:AgentId"] = DemoFixture.WriterAgentId,
        ["WorkspaceAgents:Connections:default:BlueprintId"] = DemoFixture.WriterTextBlueprint,
        ["WorkspaceAgents:Retry:MaxAttempts"] = "2",
        ["WorkspaceAgents:Retry:BaseDelay"] = "00:00:00.050",
    });

    private static string Incidents(Elsa.Workflows.Management.Entities.WorkflowInstance instance) =>
        "Faulted: " + string.Join("; ", instance.WorkflowState.Incidents.Select(i => $"{i.ActivityId}: {i.Message}"));

    private static object Message(string requestId) => new
    {
        messageId = "msg-" + requestId, sourceSystem = "crm", eventType = "deal.closed", entityId = "deal-78", requestId,
        summary = "Deal 78 closed.", data = new { amount = 1 },
    };

    private void Chaos(Emulator.Chaos.ChaosMode mode, int statusCode = 503, int? count = null, Emulator.Chaos.ChaosPlatform? platform = null) =>
        emulator.Host.State.Chaos.Configure(new Emulator.Chaos.ChaosSettings
        {
            Rules = [new Emulator.Chaos.ChaosRule { Platform = platform, Mode = mode, StatusCode = statusCode, Count = count }],
        });

    [Fact]
    public async Task An_unconfirmed_message_on_a_platform_without_idempotency_is_logged_to_check_and_never_faulted_to_retry()
    {
        await using var host = await StartWriterMessageHostAsync();
        Chaos(Emulator.Chaos.ChaosMode.AcceptThenDrop, count: 1, platform: Emulator.Chaos.ChaosPlatform.Writer);

        var (response, _) = await host.PostJsonAsync("messages/agent-requests", Message(NewRequestId()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var finished = await host.WaitForInstanceAsync("message-queue-to-agent", WorkflowStatus.Finished, TimeSpan.FromSeconds(60));
        Assert.NotNull(finished);
        Assert.True(finished!.SubStatus != WorkflowSubStatus.Faulted, Incidents(finished));
        var executed = await host.ExecutedActivitiesAsync(finished.Id);
        Assert.Contains("logUnconfirmed", executed);
        Assert.DoesNotContain("faultTransient", executed);
        Assert.Single(emulator.Host.State.Writer.Jobs);
    }

    [Fact]
    public async Task A_failed_message_is_faulted_to_retry_only_where_the_platform_honours_the_key()
    {
        Chaos(Emulator.Chaos.ChaosMode.ServerError, statusCode: 503);
        await using (var writer = await StartWriterMessageHostAsync())
        {
            await writer.PostJsonAsync("messages/agent-requests", Message(NewRequestId()));
            var finished = await writer.WaitForInstanceAsync("message-queue-to-agent", WorkflowStatus.Finished, TimeSpan.FromSeconds(60));
            Assert.NotNull(finished);
            Assert.True(finished!.SubStatus != WorkflowSubStatus.Faulted, Incidents(finished));
            var executed = await writer.ExecutedActivitiesAsync(finished.Id);
            Assert.Contains("retryIsSafe", executed);
            Assert.Contains("logNotRetried", executed);
            Assert.DoesNotContain("faultTransient", executed);
        }

        await using var workspace = await StartHostAsync(settings: new Dictionary<string, string?> { ["WorkspaceAgents:Retry:MaxAttempts"] = "2" });
        await workspace.PostJsonAsync("messages/agent-requests", Message(NewRequestId()));
        var faulted = await EventuallyAsync(() => workspace.InstancesAsync("message-queue-to-agent"), i => i.Any(x => x.SubStatus == WorkflowSubStatus.Faulted));
        Assert.Contains("faultTransient", await workspace.ExecutedActivitiesAsync(faulted.Single().Id));
        Assert.Empty(await emulator.RunsAsync());
    }

    [Fact]
    public async Task The_DocsGPT_question_is_answered_202_waited_for_durably_and_the_answer_routed_to_the_Workspace_Agent()
    {
        await using var host = await StartHostAsync();
        var requestId = NewRequestId();
        var (response, body) = await host.PostJsonAsync("api/workflows/questions", new { questionId = "Q-" + requestId, requestId, question = "What is the refund policy?" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var taskId = body.GetProperty("taskId").GetString();
        Assert.NotNull(emulator.Host.State.DocsGpt.GetTask(taskId!));

        var finished = await host.WaitForInstanceAsync("docsgpt-answer-routing", WorkflowStatus.Finished, TimeSpan.FromSeconds(60));
        Assert.NotNull(finished);
        var executed = await host.ExecutedActivitiesAsync(finished!.Id);
        Assert.Contains("waitForAnswer", executed);
        Assert.Contains("postAnswer", executed);
        Assert.Contains("logAnswerPosted", executed);
        Assert.DoesNotContain("logFailed", executed);
        Assert.Equal($"Workspace Agent API demo received: {requestId}", await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, requestId));
        Assert.Single(emulator.Host.State.DocsGpt.Tasks);
    }

    [Fact]
    public async Task A_failing_DocsGPT_task_is_routed_to_the_failure_branch()
    {
        await using var host = await StartHostAsync(settings: new Dictionary<string, string?>
        {
            ["WorkspaceAgents:Connections:docsgpt:Token"] = DemoFixture.DocsGptFailingToken,
        });
        var requestId = NewRequestId();
        var (response, _) = await host.PostJsonAsync("api/workflows/questions", new { questionId = "Q-" + requestId, requestId, question = "Will this fail?" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var finished = await host.WaitForInstanceAsync("docsgpt-answer-routing", WorkflowStatus.Finished, TimeSpan.FromSeconds(60));
        Assert.NotNull(finished);
        var executed = await host.ExecutedActivitiesAsync(finished!.Id);
        Assert.Contains("logFailed", executed);
        Assert.DoesNotContain("postAnswer", executed);
        Assert.Empty(await emulator.RunsAsync());
    }

    [Fact]
    public async Task The_wait_survives_a_host_restart_and_the_new_host_finishes_the_workflow()
    {
        // A slower agent: the task takes a few seconds, so the first host is gone long before it ends.
        var timings = Emulator.Hosting.EmulatorTimings.Fast();
        timings.DocsGptStepDelay = TimeSpan.FromSeconds(1);
        await using var slow = await TestEmulator.StartAsync(timings);
        var database = SampleHostRunner.NewDatabasePath();
        var requestId = NewRequestId();
        string instanceId;

        await using (var first = await StartHostAsync(database, target: slow))
        {
            var (response, body) = await first.PostJsonAsync("api/workflows/questions", new { questionId = "Q-" + requestId, requestId, question = "Slow one?" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.False(string.IsNullOrEmpty(body.GetProperty("taskId").GetString()));

            var waiting = Assert.Single(await first.InstancesAsync("docsgpt-answer-routing"));
            Assert.Equal(WorkflowStatus.Running, waiting.Status);
            Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);
            Assert.Contains(await first.BookmarksAsync(waiting.Id), b => b.Name == "Elsa.Delay");
            instanceId = waiting.Id;
        }

        var task = Assert.Single(slow.Host.State.DocsGpt.Tasks);
        await EventuallyAsync(() => Task.FromResult(slow.Host.State.DocsGpt.GetTask(task.TaskId)!.Status), s => s == "SUCCESS", TimeSpan.FromSeconds(30));

        await using (var second = await StartHostAsync(database, target: slow))
        {
            var finished = await second.WaitForInstanceAsync("docsgpt-answer-routing", WorkflowStatus.Finished, TimeSpan.FromSeconds(90));
            Assert.NotNull(finished);
            Assert.Equal(instanceId, finished!.Id);
            Assert.Contains("postAnswer", await second.ExecutedActivitiesAsync(instanceId));
        }

        Assert.Equal($"Workspace Agent API demo received: {requestId}", await slow.WaitForWriteAsync(DemoFixture.DemoDestination, requestId));
        Assert.Single(slow.Host.State.DocsGpt.Tasks);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (condition(value) || DateTimeOffset.UtcNow > until)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }

    private static string RepositoryRoot() =>
        typeof(WorkflowDefinitionTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}
