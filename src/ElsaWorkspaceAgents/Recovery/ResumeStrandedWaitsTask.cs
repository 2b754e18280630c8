using Elsa.Common;
using Elsa.Common.RecurringTasks;
using Elsa.Workflows;
using Elsa.Workflows.Management;
using Elsa.Workflows.Management.Activities.WorkflowDefinitionActivity;
using Elsa.Workflows.Management.Filters;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Filters;
using Elsa.Workflows.Runtime.Messages;
using ElsaWorkspaceAgents.Activities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Recovery;

/// <summary>
/// Finds <see cref="WaitForAgentResult"/> waits stranded by a crash inside Elsa's commit (<see cref="StrandedWait"/>) and
/// resumes each once: its status check runs again from the state the instance last saved. Safe to repeat: a resume with
/// a bookmark the instance has meanwhile consumed does nothing (Elsa's runner schedules only bookmarks in the state),
/// the instance lock of Elsa's distributed runtime serialises it with any other run of the instance, and what the wait
/// does next carries the same idempotency key as before, so a platform that honours it starts no second run.
/// </summary>
/// <remarks>
/// Only instances of workflow versions that contain a <see cref="WaitForAgentResult"/> are read in full: a host may hold
/// many instances suspended elsewhere (HTTP endpoints, events, timers), and their state is never loaded for this check.
/// An Elsa recurring task registered by the pack's feature; <see cref="SingleNodeTaskAttribute"/> makes Elsa take a
/// distributed lock around each run, so in a cluster one node checks at a time and two never resume the same wait.
/// </remarks>
[SingleNodeTask]
internal sealed class ResumeStrandedWaitsTask(
    IWorkflowInstanceStore instanceStore,
    IBookmarkStore bookmarkStore,
    IWorkflowRuntime workflowRuntime,
    IWorkflowDefinitionService definitions,
    IActivityExecutionStore journal,
    StrandedWaitSightings sightings,
    IOptions<StrandedWaitOptions> options,
    ILogger<ResumeStrandedWaitsTask> logger) : RecurringTask
{
    /// <inheritdoc />
    public override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            await CheckAsync(cancellationToken);
        }
    }

    /// <summary>One check: how many instances were suspended, how many of them were read in full, how many resumed.</summary>
    internal async Task<StrandedWaitCheck> CheckAsync(CancellationToken cancellationToken)
    {
        var suspended = (await instanceStore.SummarizeManyAsync(new WorkflowInstanceFilter
        {
            WorkflowStatus = WorkflowStatus.Running,
            WorkflowSubStatus = WorkflowSubStatus.Suspended,
        }, cancellationToken)).ToList();
        var candidates = new List<string>();
        foreach (var version in suspended.GroupBy(instance => instance.DefinitionVersionId, StringComparer.Ordinal))
        {
            if (await MayWaitForAgentResultAsync(version.Key, cancellationToken))
            {
                candidates.AddRange(version.Select(instance => instance.Id));
            }
        }

        var stranded = new HashSet<string>(StringComparer.Ordinal);
        var resumed = 0;
        foreach (var batch in candidates.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var instances = await instanceStore.FindManyAsync(new WorkflowInstanceFilter { Ids = batch }, cancellationToken);
            var bookmarks = (await bookmarkStore.FindManyAsync(new BookmarkFilter { WorkflowInstanceIds = batch }, cancellationToken))
                .ToLookup(bookmark => bookmark.WorkflowInstanceId, StringComparer.Ordinal);
            foreach (var instance in instances)
            {
                if (StrandedWait.Find(instance, bookmarks[instance.Id].ToList()) is not { } wait)
                {
                    continue;
                }

                stranded.Add(instance.Id);
                if (!sightings.SeenUnchanged(wait))
                {
                    StrandedWaitLog.Suspected(logger, instance.Id, wait.MissingBookmarks[0].Id);
                    continue;
                }

                resumed += await ResumeAsync(wait, cancellationToken) ? 1 : 0;
            }
        }

        sightings.KeepOnly(stranded);
        StrandedWaitLog.Checked(logger, suspended.Count, candidates.Count, resumed);
        return new StrandedWaitCheck(suspended.Count, candidates.Count, resumed);
    }

    /// <summary>
    /// Whether the workflow version may contain a Wait For Agent Result. Elsa caches the graphs it materialises, so this
    /// costs one look-up per version and check. To be safe, a version is read when its graph cannot be found or when it
    /// uses another workflow as an activity (whose steps its graph need not show).
    /// </summary>
    private async Task<bool> MayWaitForAgentResultAsync(string definitionVersionId, CancellationToken cancellationToken) =>
        await definitions.FindWorkflowGraphAsync(definitionVersionId, cancellationToken) is not { } graph
        || graph.Nodes.Any(node => node.Activity is WaitForAgentResult or WorkflowDefinitionActivity);

    private async Task<bool> ResumeAsync(StrandedWait wait, CancellationToken cancellationToken)
    {
        var instanceId = wait.Instance.Id;
        try
        {
            // A stored delay bookmark the state does not know only fires in vain: remove it with the resume.
            if (wait.OrphanBookmarkIds.Count > 0)
            {
                await bookmarkStore.DeleteAsync(new BookmarkFilter { WorkflowInstanceId = instanceId, BookmarkIds = wait.OrphanBookmarkIds.ToList() }, cancellationToken);
            }

            // Elsa writes the journal before the instance: a wait the journal shows completed ran on, and the steps after it
            // with it, before the instance's save was lost. Resuming would run them again (a second send on a platform
            // without idempotency), so it is left for a person.
            foreach (var bookmark in wait.MissingBookmarks)
            {
                if (await journal.CountAsync(new ActivityExecutionRecordFilter { Id = bookmark.ActivityInstanceId, Completed = true }, cancellationToken) > 0)
                {
                    if (sightings.WarnOnce(instanceId))
                    {
                        StrandedWaitLog.RanOn(logger, instanceId, bookmark.ActivityNodeId);
                    }

                    return false;
                }
            }

            var client = await workflowRuntime.CreateClientAsync(instanceId, cancellationToken);
            foreach (var bookmark in wait.MissingBookmarks)
            {
                var response = await client.RunInstanceAsync(new RunWorkflowInstanceRequest { BookmarkId = bookmark.Id }, cancellationToken);
                StrandedWaitLog.Resumed(logger, instanceId, bookmark.ActivityNodeId, bookmark.Id, response.Status.ToString(), response.SubStatus.ToString(), wait.OrphanBookmarkIds.Count);
            }

            sightings.Forget(instanceId);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            StrandedWaitLog.ResumeFailed(logger, exception, instanceId);
            return false;
        }
    }
}
