using Elsa.Common;
using Elsa.Common.Models;
using Elsa.Extensions;
using Elsa.Persistence.EFCore.Extensions;
using Elsa.Persistence.EFCore.Modules.Management;
using Elsa.Persistence.EFCore.Modules.Runtime;
using Elsa.Testing.Shared;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Entities;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.Models;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Entities;
using Elsa.Workflows.Runtime.Filters;
using Elsa.Workflows.Runtime.Messages;
using ElsaWorkspaceAgents.Activities;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Hosting;
using ElsaWorkspaceAgents.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Recovery;

/// <summary>
/// The stranded wait a SIGKILL inside Elsa 3.7.1's commit leaves (bookmark written, instance save lost), reproduced in
/// Elsa's own stores, and the pack's <see cref="ResumeStrandedWaitsTask"/> finishing it exactly once. The workflow waits
/// for a DocsGPT task, then posts the answer to Workspace Agents; both go over loopback to the emulator. Elsa.Scheduling's
/// timers are replaced by a recorder, so what resumes the instance is only what the test (Elsa's restart path) or the
/// task does. Elsa's in-memory stores and its EF Core stores on SQLite (the sample host's default) both; PostgreSQL is
/// what the cluster test runs on.
/// </summary>
public sealed class StrandedWaitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string DefinitionId = "stranded-wait-question";
    private TestEmulator emulator = null!;
    private readonly RecordingWorkflowScheduler scheduler = new();
    private readonly string database = SampleHostRunner.NewDatabasePath();

    public async Task InitializeAsync()
    {
        var timings = EmulatorTimings.Fast();
        timings.DocsGptStepDelay = TimeSpan.FromMilliseconds(300);
        emulator = await TestEmulator.StartAsync(timings);
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        SampleHostRunner.DeleteDatabase(database);
    }

    public enum Storage
    {
        Memory,
        Sqlite,
    }

    private async Task<WorkflowTestFixture> FixtureAsync(Storage storage, bool enabled = true)
    {
        var fixture = await BuildFixtureAsync(storage, enabled, TimeSpan.FromHours(1));
        var store = fixture.Services.GetRequiredService<IWorkflowInstanceStore>().GetType().FullName!;
        Assert.True(storage == Storage.Sqlite == store.StartsWith("Elsa.Persistence.EFCore", StringComparison.Ordinal), store);
        return fixture;
    }

    private Task<WorkflowTestFixture> BuildFixtureAsync(Storage storage, bool enabled, TimeSpan interval) => ElsaTestFixtures.Workflows(output, emulator)
        .ConfigureElsa(elsa =>
        {
            elsa.UseScheduling(scheduling => scheduling.WorkflowScheduler = _ => scheduler)
                // An hour: only the test's explicit checks run, the recurring timer does not fire within a test.
                .UseWorkspaceAgents(agents => agents.ConfigureStrandedWaits = options => (options.Enabled, options.Interval) = (enabled, interval));
            if (storage == Storage.Sqlite)
            {
                var connectionString = $"Data Source={database};Cache=Shared;Pooling=False;";
                elsa.UseWorkflowManagement(management => management.UseEntityFrameworkCore(ef => ef.UseSqlite(connectionString)))
                    .UseWorkflowRuntime(runtime => runtime.UseEntityFrameworkCore(ef => ef.UseSqlite(connectionString)));
            }
        })
        .AddWorkflow<QuestionWorkflow>()
        .AddWorkflow<ReminderWorkflow>()
        .BuildAsync();

    public enum Crash
    {
        /// <summary>Killed after the new bookmark was inserted, before the instance was saved: an orphan bookmark is stored.</summary>
        AfterBookmarkInsert,

        /// <summary>Killed after the consumed bookmark was deleted, before anything else: no bookmark is stored.</summary>
        AfterBookmarkDelete,
    }

    [Theory]
    [InlineData(Crash.AfterBookmarkInsert, Storage.Memory)]
    [InlineData(Crash.AfterBookmarkDelete, Storage.Memory)]
    [InlineData(Crash.AfterBookmarkInsert, Storage.Sqlite)]
    [InlineData(Crash.AfterBookmarkDelete, Storage.Sqlite)]
    public async Task A_wait_stranded_by_a_crash_inside_Elsas_commit_is_resumed_once_and_posts_its_answer_once(Crash crash, Storage storage)
    {
        var fixture = await FixtureAsync(storage);
        var services = fixture.Services;
        var requestId = $"DEMO-STRANDED-{Guid.NewGuid().ToString("N")[..8]}";
        var instanceId = await StartWaitingAsync(services, requestId);
        var bookmarkStore = services.GetRequiredService<IBookmarkStore>();
        var consumed = Assert.Single(await StoredAsync(bookmarkStore, instanceId));
        Assert.Equal("Elsa.Delay", consumed.Name);

        // What the kill leaves in the database: the state still names the bookmark, the store no longer holds it.
        await bookmarkStore.DeleteAsync(new BookmarkFilter { BookmarkId = consumed.Id });
        var orphan = crash == Crash.AfterBookmarkInsert ? await InsertOrphanAsync(bookmarkStore, consumed) : null;
        await WaitForDocsGptTaskAsync();

        // After a restart, Elsa.Scheduling arms the stored delay bookmarks and resumes them (ResumeWorkflowTask): in vain.
        if (orphan is not null)
        {
            await ResumeAsync(services, instanceId, orphan.Id);
        }

        Assert.Equal(WorkflowSubStatus.Suspended, (await InstanceAsync(services, instanceId)).SubStatus);
        Assert.Empty(await AnswersAsync(requestId));

        // The first check only notes it (a healthy commit looks the same for a few milliseconds), the second resumes it.
        var task = RecurringTask(services);
        await task.ExecuteAsync(CancellationToken.None);
        Assert.Equal(WorkflowSubStatus.Suspended, (await InstanceAsync(services, instanceId)).SubStatus);
        Assert.Empty(await AnswersAsync(requestId));

        await task.ExecuteAsync(CancellationToken.None);
        var finished = await InstanceAsync(services, instanceId);
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Single(await AnswersAsync(requestId));
        Assert.Empty(await StoredAsync(bookmarkStore, instanceId));

        // Checking again changes nothing: one DocsGPT task, one answer, nothing answered from the key a second time.
        await task.ExecuteAsync(CancellationToken.None);
        await task.ExecuteAsync(CancellationToken.None);
        if (orphan is not null)
        {
            await ResumeAsync(services, instanceId, orphan.Id);
        }

        Assert.Single(await AnswersAsync(requestId));
        Assert.Single(emulator.Host.State.DocsGpt.Tasks);
        Assert.Empty(emulator.Host.State.WorkspaceAgents.IdempotentReplays);
    }

    [Theory]
    [InlineData(Storage.Memory)]
    [InlineData(Storage.Sqlite)]
    public async Task A_healthy_wait_is_left_alone_however_often_the_check_runs(Storage storage)
    {
        var fixture = await FixtureAsync(storage);
        var services = fixture.Services;
        var instanceId = await StartWaitingAsync(services, $"DEMO-HEALTHY-{Guid.NewGuid().ToString("N")[..8]}");
        var before = await InstanceAsync(services, instanceId);
        var bookmark = Assert.Single(await StoredAsync(services.GetRequiredService<IBookmarkStore>(), instanceId));

        var task = RecurringTask(services);
        for (var check = 0; check < 3; check++)
        {
            await task.ExecuteAsync(CancellationToken.None);
        }

        var after = await InstanceAsync(services, instanceId);
        Assert.Equal(WorkflowSubStatus.Suspended, after.SubStatus);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(bookmark.Id, Assert.Single(await StoredAsync(services.GetRequiredService<IBookmarkStore>(), instanceId)).Id);
    }

    [Theory]
    [InlineData(Storage.Memory)]
    [InlineData(Storage.Sqlite)]
    public async Task A_wait_whose_journal_shows_it_completed_is_not_resumed_so_the_steps_after_it_do_not_run_twice(Storage storage)
    {
        var fixture = await FixtureAsync(storage);
        var services = fixture.Services;
        var requestId = $"DEMO-LASTSAVE-{Guid.NewGuid().ToString("N")[..8]}";
        var instanceId = await StartWaitingAsync(services, requestId);
        var serializer = services.GetRequiredService<IWorkflowStateSerializer>();
        var waiting = serializer.Serialize((await InstanceAsync(services, instanceId)).WorkflowState);
        var bookmark = Assert.Single(await StoredAsync(services.GetRequiredService<IBookmarkStore>(), instanceId));
        await WaitForDocsGptTaskAsync();
        await ResumeAsync(services, instanceId, bookmark.Id);
        Assert.Equal(WorkflowStatus.Finished, (await InstanceAsync(services, instanceId)).Status);
        Assert.Single(await AnswersAsync(requestId));

        // What a kill after the journal write and before the instance save leaves: the wait and the answer ran (journal,
        // bookmarks and the platform say so), the instance as last saved still waits on the consumed bookmark.
        var lost = await InstanceAsync(services, instanceId);
        lost.WorkflowState = serializer.Deserialize(waiting);
        (lost.Status, lost.SubStatus) = (WorkflowStatus.Running, WorkflowSubStatus.Suspended);
        await services.GetRequiredService<IWorkflowInstanceStore>().SaveAsync(lost);

        var task = RecurringTask(services);
        var checks = new List<StrandedWaitCheck>();
        for (var check = 0; check < 3; check++)
        {
            checks.Add(await task.CheckAsync(CancellationToken.None));
        }

        Assert.All(checks, check => Assert.Equal(0, check.Resumed));
        Assert.Equal(WorkflowSubStatus.Suspended, (await InstanceAsync(services, instanceId)).SubStatus);
        Assert.Single(await AnswersAsync(requestId));
        Assert.Empty(emulator.Host.State.WorkspaceAgents.IdempotentReplays);
    }

    [Theory]
    [InlineData(Storage.Memory)]
    [InlineData(Storage.Sqlite)]
    public async Task Only_instances_of_workflows_with_Wait_For_Agent_Result_are_read_in_full(Storage storage)
    {
        var fixture = await FixtureAsync(storage);
        var services = fixture.Services;
        await StartWaitingAsync(services, $"DEMO-READ-{Guid.NewGuid().ToString("N")[..8]}");
        var client = await services.GetRequiredService<IWorkflowRuntime>().CreateClientAsync();
        for (var other = 0; other < 3; other++)
        {
            var reminder = await client.CreateAndRunInstanceAsync(new CreateAndRunWorkflowInstanceRequest
            {
                WorkflowDefinitionHandle = WorkflowDefinitionHandle.ByDefinitionId(ReminderWorkflow.Id, VersionOptions.Published),
            });
            Assert.Equal(WorkflowSubStatus.Suspended, reminder.SubStatus);
            client = await services.GetRequiredService<IWorkflowRuntime>().CreateClientAsync();
        }

        var check = await RecurringTask(services).CheckAsync(CancellationToken.None);

        Assert.Equal(new StrandedWaitCheck(Suspended: 4, Read: 1, Resumed: 0), check);
    }

    [Fact]
    public async Task Switched_off_it_leaves_a_stranded_wait_as_it_is()
    {
        var fixture = await FixtureAsync(Storage.Memory, enabled: false);
        var services = fixture.Services;
        var requestId = $"DEMO-OFF-{Guid.NewGuid().ToString("N")[..8]}";
        var instanceId = await StartWaitingAsync(services, requestId);
        var bookmarkStore = services.GetRequiredService<IBookmarkStore>();
        await bookmarkStore.DeleteAsync(new BookmarkFilter { WorkflowInstanceId = instanceId });
        await WaitForDocsGptTaskAsync();

        var task = RecurringTask(services);
        await task.ExecuteAsync(CancellationToken.None);
        await task.ExecuteAsync(CancellationToken.None);

        Assert.Equal(WorkflowSubStatus.Suspended, (await InstanceAsync(services, instanceId)).SubStatus);
        Assert.Empty(await AnswersAsync(requestId));
    }

    [Fact]
    public async Task A_check_interval_that_is_not_positive_is_refused_with_the_setting_named()
    {
        Exception? error = null;
        try
        {
            var fixture = await BuildFixtureAsync(Storage.Memory, enabled: true, interval: TimeSpan.Zero);
            _ = fixture.Services.GetRequiredService<IOptions<StrandedWaitOptions>>().Value;
        }
        catch (Exception exception)
        {
            error = exception;
        }

        // Wherever Elsa first reads it (scheduling the task at start, or the first resolve), the reason names the setting.
        while (error is not null and not OptionsValidationException)
        {
            error = error.InnerException;
        }

        var refused = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("WorkspaceAgents:StrandedWaits: Interval must be a positive time span", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Starts a DocsGPT task and a workflow instance waiting for it; returns once it is suspended on its first delay.</summary>
    private static async Task<string> StartWaitingAsync(IServiceProvider services, string requestId)
    {
        var trigger = await services.GetRequiredService<IAgentTriggerService>().TriggerAsync(new AgentTriggerRequest
        {
            Input = "What is the refund policy?", IdempotencyKey = IdempotencyKey.Derive("docs-portal", "question.asked", requestId),
        }, "docsgpt");
        Assert.True(trigger.IsAccepted, trigger.Detail);

        var client = await services.GetRequiredService<IWorkflowRuntime>().CreateClientAsync();
        var response = await client.CreateAndRunInstanceAsync(new CreateAndRunWorkflowInstanceRequest
        {
            WorkflowDefinitionHandle = WorkflowDefinitionHandle.ByDefinitionId(DefinitionId, VersionOptions.Published),
            Input = new Dictionary<string, object> { [QuestionWorkflow.RunIdInput] = trigger.RunId!, [QuestionWorkflow.RequestIdInput] = requestId },
        });
        Assert.Equal(WorkflowSubStatus.Suspended, response.SubStatus);
        return client.WorkflowInstanceId;
    }

    /// <summary>A bookmark as Elsa's BookmarkUpdater inserts it for the next status check: same wait, a new ID, a later due time.</summary>
    private static async Task<StoredBookmark> InsertOrphanAsync(IBookmarkStore store, StoredBookmark consumed)
    {
        var orphan = new StoredBookmark
        {
            Id = Guid.NewGuid().ToString("N"), Name = consumed.Name, Hash = consumed.Hash, WorkflowInstanceId = consumed.WorkflowInstanceId,
            ActivityInstanceId = consumed.ActivityInstanceId, CorrelationId = consumed.CorrelationId, Payload = consumed.Payload,
            Metadata = consumed.Metadata, CreatedAt = consumed.CreatedAt.AddSeconds(2), TenantId = consumed.TenantId,
        };
        await store.SaveAsync(orphan);
        return orphan;
    }

    /// <summary>Resumes a bookmark as Elsa.Scheduling's ResumeWorkflowTask does when its timer fires.</summary>
    private static async Task ResumeAsync(IServiceProvider services, string instanceId, string bookmarkId)
    {
        var client = await services.GetRequiredService<IWorkflowRuntime>().CreateClientAsync(instanceId);
        await client.RunInstanceAsync(new RunWorkflowInstanceRequest { BookmarkId = bookmarkId });
    }

    private static ResumeStrandedWaitsTask RecurringTask(IServiceProvider services) =>
        services.CreateScope().ServiceProvider.GetServices<IRecurringTask>().OfType<ResumeStrandedWaitsTask>().Single();

    private static async Task<WorkflowInstance> InstanceAsync(IServiceProvider services, string instanceId) =>
        (await services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(new WorkflowInstanceFilter { Id = instanceId }))!;

    private static async Task<List<StoredBookmark>> StoredAsync(IBookmarkStore store, string instanceId) =>
        (await store.FindManyAsync(new BookmarkFilter { WorkflowInstanceId = instanceId })).ToList();

    private async Task<IReadOnlyList<System.Text.Json.JsonElement>> AnswersAsync(string requestId) =>
        (await emulator.RunsAsync()).Where(r => r.GetProperty("input").GetString()!.Contains(requestId, StringComparison.Ordinal)).ToArray();

    private async Task WaitForDocsGptTaskAsync()
    {
        for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(100))
        {
            if (emulator.Host.State.DocsGpt.Tasks.All(t => t.Status is "SUCCESS" or "FAILURE"))
            {
                return;
            }
        }

        Assert.Fail("The DocsGPT task did not finish.");
    }

    /// <summary>A workflow suspended on something else (an hour's delay): the check must not read its instances.</summary>
    private sealed class ReminderWorkflow : WorkflowBase
    {
        public const string Id = "stranded-wait-reminder";

        protected override void Build(IWorkflowBuilder builder)
        {
            builder.WithDefinitionId(Id);
            builder.Root = new Sequence { Activities = { new Elsa.Scheduling.Activities.Delay(TimeSpan.FromHours(1)), new WriteLine("Reminder") } };
        }
    }

    /// <summary>The sample's DocsGPT workflow in short: wait for the task, then post the answer to Workspace Agents.</summary>
    private sealed class QuestionWorkflow : WorkflowBase
    {
        public const string RunIdInput = "RunId";
        public const string RequestIdInput = "RequestId";

        protected override void Build(IWorkflowBuilder builder)
        {
            builder.WithDefinitionId(DefinitionId);
            // Workflow input is the start's only; a resumed instance reads what it needs from its variables.
            var runId = builder.WithVariable<string>("RunId", string.Empty).WithWorkflowStorage();
            var requestId = builder.WithVariable<string>("RequestId", string.Empty).WithWorkflowStorage();
            builder.Root = new Sequence
            {
                Activities =
                {
                    new SetVariable<string>(runId, context => (string)context.GetWorkflowExecutionContext().Input[RunIdInput]),
                    new SetVariable<string>(requestId, context => (string)context.GetWorkflowExecutionContext().Input[RequestIdInput]),
                    new WaitForAgentResult
                    {
                        Id = "wait",
                        Connection = new("docsgpt"),
                        RunId = new(context => runId.Get(context)),
                        PollInterval = new(TimeSpan.FromSeconds(1)),
                        MaxPollInterval = new(TimeSpan.FromSeconds(1)),
                        Timeout = new(TimeSpan.FromMinutes(5)),
                    },
                    new TriggerWorkspaceAgent
                    {
                        Id = "answer",
                        InputText = new(context => $"Post the answer.\nRequest ID: {requestId.Get(context)}"),
                        IdempotencyKey = new(context => IdempotencyKey.Derive("docs-portal", "question.answered", requestId.Get(context)!)),
                        RequestId = new(context => requestId.Get(context)),
                    },
                },
            };
        }
    }
}
