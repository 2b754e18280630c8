namespace ElsaWorkspaceAgents.Core.Runs;

/// <summary>
/// Finds out what an agent run did, for platforms that report it (GPT Workbench, DocsGPT, Writer jobs).
/// Workspace Agents reports nothing after 202: verify its work in the destination instead.
/// </summary>
public interface IAgentRunTracker
{
    /// <summary>One look at the run's status (no waiting). Durable hosts call this on their own schedule.</summary>
    Task<RunSnapshot> GetStatusAsync(string connectionName, string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls with backoff until the run ends or the deadline passes, yielding every change of status as it happens
    /// so a host can show progress. The last item is terminal unless the deadline passed first.
    /// </summary>
    IAsyncEnumerable<RunSnapshot> WatchAsync(string connectionName, string runId, RunWaitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Waits for the run's end (or the deadline) and returns the last snapshot.</summary>
    Task<RunSnapshot> WaitAsync(string connectionName, string runId, RunWaitOptions? options = null, CancellationToken cancellationToken = default);
}
