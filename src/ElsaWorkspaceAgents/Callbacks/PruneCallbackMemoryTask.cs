using Elsa.Common;
using Elsa.Common.RecurringTasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Callbacks;

/// <summary>
/// Removes the callback receiver's key-value entries (<see cref="KeyValueAgentCallbackMemory"/>) older than
/// <see cref="CallbackMemoryOptions.Retention"/>: two small rows are kept per handled result, and without pruning they
/// would grow with every run for the life of the database. One node at a time in a cluster.
/// </summary>
[SingleNodeTask]
internal sealed class PruneCallbackMemoryTask(
    KeyValueAgentCallbackMemory memory,
    TimeProvider timeProvider,
    IOptions<CallbackMemoryOptions> options,
    ILogger<PruneCallbackMemoryTask> logger) : RecurringTask
{
    /// <inheritdoc />
    public override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - options.Value.Retention;
        var removed = await memory.PruneAsync(cutoff, cancellationToken);
        CallbackMemoryLog.Pruned(logger, removed, cutoff);
    }
}

/// <summary>The pruning task's log line.</summary>
internal static partial class CallbackMemoryLog
{
    [LoggerMessage(EventId = 2111, Level = LogLevel.Debug,
        Message = "Removed {Removed} remembered callback entr(ies) handled before {Cutoff:O}.")]
    public static partial void Pruned(ILogger logger, int removed, DateTimeOffset cutoff);
}
