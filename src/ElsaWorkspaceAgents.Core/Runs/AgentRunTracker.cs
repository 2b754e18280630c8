using System.Runtime.CompilerServices;
using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Runs;

/// <summary>Polls a platform's status endpoint with doubling intervals under an overall deadline.</summary>
internal sealed class AgentRunTracker : IAgentRunTracker
{
    private readonly AgentConnectionRegistry connections;
    private readonly IReadOnlyDictionary<AgentPlatform, IAgentRunStatusReader> readers;
    private readonly TimeProvider timeProvider;

    public AgentRunTracker(AgentConnectionRegistry connections, IEnumerable<IAgentRunStatusReader> readers, TimeProvider timeProvider)
    {
        this.connections = connections;
        this.timeProvider = timeProvider;
        this.readers = readers.ToDictionary(r => r.Platform);
    }

    public Task<RunSnapshot> GetStatusAsync(string connectionName, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var connection = connections.Resolve(connectionName);
        if (!readers.TryGetValue(connection.Platform, out var reader))
        {
            throw new RunTrackingException(
                $"{connection.Platform} does not report run status: a 202 means the run was queued. Verify the agent's work in its destination instead.");
        }

        return reader.ReadAsync(connection, runId, cancellationToken);
    }

    public async IAsyncEnumerable<RunSnapshot> WatchAsync(string connectionName, string runId, RunWaitOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new RunWaitOptions();
        var started = timeProvider.GetTimestamp();
        var interval = options.InitialPollInterval;
        string? lastStatus = null;
        while (true)
        {
            RunSnapshot snapshot;
            try
            {
                snapshot = await GetStatusAsync(connectionName, runId, cancellationToken).ConfigureAwait(false);
            }
            catch (RunTrackingException exception) when (exception.IsTransient && options.Timeout - timeProvider.GetElapsedTime(started) > TimeSpan.Zero)
            {
                // A transient failure (no answer, 5xx such as a DocsGPT whose workers have not picked the task up yet)
                // may clear up: keep waiting until the deadline, which ends the watch with this error if it does not.
                var left = options.Timeout - timeProvider.GetElapsedTime(started);
                await Task.Delay(interval < left ? interval : left, timeProvider, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, options.MaxPollInterval.Ticks));
                continue;
            }

            var changed = snapshot.RawStatus != lastStatus;
            lastStatus = snapshot.RawStatus;
            var remaining = options.Timeout - timeProvider.GetElapsedTime(started);
            var over = snapshot.IsTerminal || snapshot.NoLongerObservable || remaining <= TimeSpan.Zero;
            if (changed || over)
            {
                yield return snapshot;
            }

            if (over)
            {
                yield break;
            }

            var delay = interval < remaining ? interval : remaining;
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, options.MaxPollInterval.Ticks));
        }
    }

    public async Task<RunSnapshot> WaitAsync(string connectionName, string runId, RunWaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        RunSnapshot? last = null;
        await foreach (var snapshot in WatchAsync(connectionName, runId, options, cancellationToken).ConfigureAwait(false))
        {
            last = snapshot;
        }

        return last!;
    }
}
