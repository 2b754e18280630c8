namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>
/// What the receiver remembers to refuse replays and to answer retries without acting twice: delivery IDs with a digest
/// of their body, and the runs whose results were handled. The default keeps them in memory for the process's life
/// (bounded); handlers stay idempotent on their own, so a restart costs no duplicate action, only a second call to them.
/// </summary>
public interface IAgentCallbackMemory
{
    /// <summary>The body digest remembered for a delivery ID, or null when it was never handled.</summary>
    ValueTask<string?> FindDeliveryAsync(string connectionName, string deliveryId, CancellationToken cancellationToken);

    /// <summary>True when a result for this run was already handled.</summary>
    ValueTask<bool> WasRunHandledAsync(string connectionName, string runId, CancellationToken cancellationToken);

    /// <summary>Remembers a handled delivery and its run.</summary>
    ValueTask RememberAsync(string connectionName, string deliveryId, string bodyDigest, string runId, DateTimeOffset at, CancellationToken cancellationToken);
}
