using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Outbox;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// The same number of distinct events for each of the four platforms, enqueued interleaved in small batches so all four
/// progress together and any set of rows in flight (say, when a dispatcher is killed) spans every platform.
/// </summary>
internal sealed class PlatformEvents
{
    private PlatformEvents(string scenario, int perPlatform)
    {
        ByPlatform = ReliabilityPlatform.All.ToDictionary(p => p, p => TestEvents.Many($"{scenario}-{p.Short}", perPlatform));
    }

    public IReadOnlyDictionary<ReliabilityPlatform, IReadOnlyList<SourceEvent>> ByPlatform { get; }

    public int Total => ByPlatform.Values.Sum(e => e.Count);

    public static PlatformEvents For(string scenario) => new(scenario, ReliabilityScale.Events);

    public async Task EnqueueAsync(IAgentTriggerOutbox outbox, int chunk = 5)
    {
        var batches = ByPlatform.ToDictionary(p => p.Key, p => p.Value.Chunk(chunk).ToArray());
        for (var i = 0; i < batches.Values.Max(b => b.Length); i++)
        {
            foreach (var (platform, chunks) in batches)
            {
                if (i < chunks.Length)
                {
                    await outbox.EnqueueManyAsync(chunks[i], platform.ConnectionName);
                }
            }
        }
    }

    /// <summary>Reads every platform's ledger, asserts each guarantee and returns the ledgers for the report.</summary>
    public async Task<IReadOnlyList<PlatformLedger>> AssertGuaranteesAsync(ReliabilityWorld world, IOutboxQueries queries, int deadDispatcherAllowance = 0)
    {
        var ledgers = new List<PlatformLedger>();
        foreach (var (platform, events) in ByPlatform)
        {
            ledgers.Add(await PlatformLedger.ReadAsync(world, queries, platform, events));
        }

        // Every ledger is read before any assertion, so a failure message can be compared with the other platforms'.
        foreach (var ledger in ledgers)
        {
            ledger.AssertGuarantee(deadDispatcherAllowance);
        }

        return ledgers;
    }
}
