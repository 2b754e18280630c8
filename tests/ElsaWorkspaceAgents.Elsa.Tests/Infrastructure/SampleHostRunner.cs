using System.Reflection;
using System.Text.Json;
using Elsa.Scheduling;
using Elsa.Scheduling.Services;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Filters;
using ElsaWorkspaceAgents.SampleHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Infrastructure;

/// <summary>
/// The sample host on a real loopback Kestrel port with its own SQLite file, loading the repository's workflows/ folder,
/// its agent connections pointed at a test-owned emulator (so the emulator outlives a host restart).
/// </summary>
public sealed class SampleHostRunner : IAsyncDisposable
{
    private SampleHostRunner(SampleServer host, string databasePath)
    {
        Host = host;
        DatabasePath = databasePath;
        Http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public SampleServer Host { get; }

    public string DatabasePath { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>A fresh database file path in the temp folder.</summary>
    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"ewa-sample-{Guid.NewGuid():N}.db");

    /// <summary>Starts the sample host against <paramref name="emulator"/>, with extra configuration keys if given.</summary>
    public static async Task<SampleHostRunner> StartAsync(ITestOutputHelper output, TestEmulator emulator, string? databasePath = null,
        IDictionary<string, string?>? settings = null)
    {
        databasePath ??= NewDatabasePath();
        var configuration = new Dictionary<string, string?>(EmulatorConnections.AsConfiguration(emulator.BaseAddress))
        {
            [SampleHostApplication.UseEmulatorKey] = "false",
            ["ConnectionStrings:" + SampleHostApplication.ConnectionStringName] = $"Data Source={databasePath};Cache=Shared;Pooling=False;",
            ["WorkspaceAgents:Retry:MaxAttempts"] = "2",
            ["WorkspaceAgents:Retry:BaseDelay"] = "00:00:00.010",
            ["WorkspaceAgents:Retry:MaxDelay"] = "00:00:00.100",
            ["WorkspaceAgents:Retry:TotalTimeout"] = "00:00:10",
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var host = await SampleHostApplication.CreateAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders().AddProvider(new Elsa.Testing.Shared.XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("ElsaWorkspaceAgents", LogLevel.Information);
        });
        await host.StartAsync();
        return new SampleHostRunner(host, databasePath);
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(string path, object body)
    {
        // A body with Content-Length, as curl sends it: Elsa 3.7's HTTP Endpoint reads no body without one (chunked uploads arrive empty).
        using var content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
        var response = await Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        var json = string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, json);
    }

    /// <summary>The instances of a definition, newest last.</summary>
    public async Task<IReadOnlyList<Elsa.Workflows.Management.Entities.WorkflowInstance>> InstancesAsync(string definitionId)
    {
        using var scope = Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IWorkflowInstanceStore>();
        var instances = await store.FindManyAsync(new WorkflowInstanceFilter { DefinitionId = definitionId });
        return instances.OrderBy(i => i.CreatedAt).ToArray();
    }

    /// <summary>Waits until the definition has an instance in <paramref name="status"/>.</summary>
    public async Task<Elsa.Workflows.Management.Entities.WorkflowInstance?> WaitForInstanceAsync(string definitionId, WorkflowStatus status, TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTimeOffset.UtcNow < until)
        {
            var match = (await InstancesAsync(definitionId)).FirstOrDefault(i => i.Status == status);
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>The bookmarks of a workflow instance.</summary>
    public async Task<IReadOnlyList<Elsa.Workflows.Runtime.Entities.StoredBookmark>> BookmarksAsync(string workflowInstanceId)
    {
        using var scope = Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IBookmarkStore>();
        return (await store.FindManyAsync(new BookmarkFilter { WorkflowInstanceId = workflowInstanceId })).ToArray();
    }

    /// <summary>The IDs of the activities that ran in an instance, in order (IDs are the definitions' stable references; names are node titles).</summary>
    public async Task<IReadOnlyList<string>> ExecutedActivitiesAsync(string workflowInstanceId)
    {
        using var scope = Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivityExecutionStore>();
        var records = await store.FindManyAsync(new ActivityExecutionRecordFilter { WorkflowInstanceId = workflowInstanceId });
        return records.OrderBy(r => r.StartedAt).Select(r => r.ActivityId).ToArray();
    }

    /// <summary>The outputs an activity recorded in an instance (its last execution).</summary>
    public async Task<IDictionary<string, object?>> ActivityOutputsAsync(string workflowInstanceId, string activityId)
    {
        using var scope = Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivityExecutionStore>();
        var records = await store.FindManyAsync(new ActivityExecutionRecordFilter { WorkflowInstanceId = workflowInstanceId, ActivityId = activityId });
        return records.OrderBy(r => r.StartedAt).LastOrDefault()?.Outputs ?? new Dictionary<string, object?>();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        CancelScheduledTimers(Services);
        await Host.DisposeAsync();
    }

    /// <summary>
    /// Elsa 3.7.1's LocalScheduler keeps its timers (cron triggers, delay bookmarks) outside the container, so stopping a host
    /// leaves them armed; one that fires after the container is disposed throws from an async timer callback and takes
    /// the whole test process down. A real host ends with its process; these tests start and stop many hosts in one
    /// process, so the timers are cancelled first (through reflection: the scheduler exposes no API for it).
    /// </summary>
    public static void CancelScheduledTimers(IServiceProvider services)
    {
        if (services.GetService<IScheduler>() is not LocalScheduler scheduler)
        {
            return;
        }

        var field = typeof(LocalScheduler).GetField("_scheduledTasks", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field?.GetValue(scheduler) is not System.Collections.Concurrent.ConcurrentDictionary<string, IScheduledTask> tasks)
        {
            return;
        }

        foreach (var task in tasks.Values)
        {
            task.Cancel();
            (task as IDisposable)?.Dispose();
        }
    }

    /// <summary>Deletes a database file and its side files (best effort).</summary>
    public static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still open somewhere: the temp folder is cleaned eventually.
            }
        }
    }
}
