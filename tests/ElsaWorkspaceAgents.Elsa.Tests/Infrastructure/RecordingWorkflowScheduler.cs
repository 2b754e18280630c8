using System.Collections.Concurrent;
using Elsa.Scheduling;

namespace ElsaWorkspaceAgents.ElsaTests.Infrastructure;

/// <summary>
/// Stands in for Elsa.Scheduling's timer-based scheduler in tests that resume bookmarks themselves: records what Elsa asked
/// to resume and when, and starts no timer.
/// </summary>
public sealed class RecordingWorkflowScheduler : IWorkflowScheduler
{
    public ConcurrentQueue<(string BookmarkId, DateTimeOffset At)> Resumptions { get; } = new();

    public ValueTask ScheduleAtAsync(string taskName, ScheduleNewWorkflowInstanceRequest request, DateTimeOffset at, CancellationToken cancellationToken = default) => default;

    public ValueTask ScheduleAtAsync(string taskName, ScheduleExistingWorkflowInstanceRequest request, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Resumptions.Enqueue((request.BookmarkId!, at));
        return default;
    }

    public ValueTask ScheduleRecurringAsync(string taskName, ScheduleNewWorkflowInstanceRequest request, DateTimeOffset startAt, TimeSpan interval, CancellationToken cancellationToken = default) => default;

    public ValueTask ScheduleRecurringAsync(string taskName, ScheduleExistingWorkflowInstanceRequest request, DateTimeOffset startAt, TimeSpan interval, CancellationToken cancellationToken = default) => default;

    public ValueTask ScheduleCronAsync(string taskName, ScheduleNewWorkflowInstanceRequest request, string cronExpression, CancellationToken cancellationToken = default) => default;

    public ValueTask ScheduleCronAsync(string taskName, ScheduleExistingWorkflowInstanceRequest request, string cronExpression, CancellationToken cancellationToken = default) => default;

    public ValueTask UnscheduleAsync(string taskName, CancellationToken cancellationToken = default) => default;
}
