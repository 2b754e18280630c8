using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>
/// Runs a Writer blueprint on its synchronous endpoint and reports the stream's status changes as they happen.
/// The neutral <see cref="IAgentTriggerService"/> gives the same outcome without the progress; use this only to show it.
/// </summary>
public interface IWriterBlueprintStream
{
    /// <summary>
    /// Triggers the named Writer connection's blueprint synchronously (whatever its <c>UseJobs</c> says) and awaits
    /// <paramref name="onProgress"/> for each update in stream order: status changes (<see cref="RunSnapshot.RawStatus"/>
    /// and <see cref="RunSnapshot.Message"/>), output as it grows (<see cref="RunSnapshot.Output"/>), then a terminal
    /// snapshot. The synchronous endpoint has no run ID, so snapshots carry the request's idempotency key as
    /// <see cref="RunSnapshot.RunId"/>. Returns the outcome, with the Return Value as <see cref="TriggerOutcome.Output"/>;
    /// like every trigger call it never throws for platform answers or invalid input.
    /// </summary>
    Task<TriggerOutcome> RunAsync(AgentTriggerRequest request, string? connectionName,
        Func<RunSnapshot, CancellationToken, ValueTask> onProgress, CancellationToken cancellationToken = default);
}
