using System.Globalization;
using Elsa.KeyValues.Contracts;
using Elsa.KeyValues.Entities;
using Elsa.KeyValues.Models;
using ElsaWorkspaceAgents.Core.Callbacks;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Callbacks;

/// <summary>
/// The callback receiver's memory in Elsa's key-value store (Elsa.KeyValues; EF Core-backed wherever the workflow
/// runtime's persistence is): handled deliveries and runs survive a restart and are shared by the nodes of a cluster,
/// so a retried delivery of a result handled before answers 200 "already handled" there too, instead of 404 once the
/// resumed bookmark is gone. Two small rows per handled result; keys name the connection, delivery and run IDs only.
/// Entries older than <see cref="CallbackMemoryOptions.Retention"/> are removed by <see cref="PruneCallbackMemoryTask"/>.
/// </summary>
internal sealed class KeyValueAgentCallbackMemory(IServiceScopeFactory scopes) : IAgentCallbackMemory
{
    private const string Prefix = "ElsaWorkspaceAgents.Callbacks/";

    public async ValueTask<string?> FindDeliveryAsync(string connectionName, string deliveryId, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(DeliveryKey(connectionName, deliveryId), cancellationToken).ConfigureAwait(false);
        // "{digest} {unix ms}": the digest is what a retry must match.
        return stored?.Split(' ', 2)[0];
    }

    public async ValueTask<bool> WasRunHandledAsync(string connectionName, string runId, CancellationToken cancellationToken) =>
        await FindAsync(RunKey(connectionName, runId), cancellationToken).ConfigureAwait(false) is not null;

    public async ValueTask RememberAsync(string connectionName, string deliveryId, string bodyDigest, string runId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var when = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IKeyValueStore>();
        await store.SaveAsync(new SerializedKeyValuePair { Key = DeliveryKey(connectionName, deliveryId), SerializedValue = $"{bodyDigest} {when}" }, cancellationToken)
            .ConfigureAwait(false);
        await store.SaveAsync(new SerializedKeyValuePair { Key = RunKey(connectionName, runId), SerializedValue = when }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the entries of deliveries and runs handled before <paramref name="cutoff"/>; returns how many.</summary>
    /// <remarks>An entry whose time cannot be read is left alone: it is not ours to judge.</remarks>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IKeyValueStore>();
        var entries = await store.FindManyAsync(new KeyValueFilter { Key = Prefix, StartsWith = true }, cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var entry in entries)
        {
            if (HandledAt(entry.SerializedValue) is { } at && at < cutoff)
            {
                await store.DeleteAsync(entry.Key, cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }

        return removed;
    }

    // Delivery entries are "{digest} {unix ms}", run entries "{unix ms}": the time is the last word.
    private static DateTimeOffset? HandledAt(string? value) =>
        value?.Split(' ')[^1] is { } last && long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private async Task<string?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IKeyValueStore>();
        return (await store.FindAsync(new KeyValueFilter { Key = key }, cancellationToken).ConfigureAwait(false))?.SerializedValue;
    }

    // Connection names are case-insensitive in configuration.
    private static string DeliveryKey(string connectionName, string deliveryId) => $"{Prefix}delivery/{connectionName.ToUpperInvariant()}/{deliveryId}";

    private static string RunKey(string connectionName, string runId) => $"{Prefix}run/{connectionName.ToUpperInvariant()}/{runId}";
}
