using System.Collections.Concurrent;

namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>
/// The default <see cref="IAgentCallbackMemory"/>: process memory, bounded to <see cref="Capacity"/> entries each for
/// deliveries and runs (the oldest are forgotten first). A forgotten delivery older than the timestamp tolerance is
/// refused as stale anyway.
/// </summary>
public sealed class InMemoryAgentCallbackMemory : IAgentCallbackMemory
{
    /// <summary>How many deliveries and runs are remembered at most.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<(string, string), (string Digest, DateTimeOffset At)> deliveries = new();
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> runs = new();

    /// <inheritdoc />
    public ValueTask<string?> FindDeliveryAsync(string connectionName, string deliveryId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(deliveries.TryGetValue((Key(connectionName), deliveryId), out var seen) ? seen.Digest : null);

    /// <inheritdoc />
    public ValueTask<bool> WasRunHandledAsync(string connectionName, string runId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(runs.ContainsKey((Key(connectionName), runId)));

    /// <inheritdoc />
    public ValueTask RememberAsync(string connectionName, string deliveryId, string bodyDigest, string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        deliveries[(Key(connectionName), deliveryId)] = (bodyDigest, at);
        runs[(Key(connectionName), runId)] = at;
        Trim(deliveries, d => d.At);
        Trim(runs, r => r);
        return ValueTask.CompletedTask;
    }

    // Connection names are case-insensitive in configuration.
    private static string Key(string connectionName) => connectionName.ToUpperInvariant();

    private static void Trim<TValue>(ConcurrentDictionary<(string, string), TValue> map, Func<TValue, DateTimeOffset> at)
    {
        if (map.Count <= Capacity)
        {
            return;
        }

        foreach (var old in map.OrderBy(entry => at(entry.Value)).Take(map.Count - Capacity / 10 * 9).ToArray())
        {
            map.TryRemove(old.Key, out _);
        }
    }
}
