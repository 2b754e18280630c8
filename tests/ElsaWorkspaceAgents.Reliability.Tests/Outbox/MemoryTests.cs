using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Outbox;

public sealed class MemoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// Rows pass through short-lived, untracked contexts, so the managed heap after all events should be about what it
    /// was after the first quarter. 8,000 events by default; RELIABILITY_FULL=1 runs 100,000.
    /// </summary>
    [Fact]
    public async Task Managed_memory_stays_flat_while_many_events_pass_through()
    {
        using var database = new TempDatabase();
        var count = ReliabilityScale.MemoryEvents;
        var triggers = new FakeTriggerService((_, _) => TriggerOutcomeKind.Accepted);
        await using var host = await DispatcherHost.StartAsync(
            OutboxTestSettings.For(database, ("WorkspaceAgents:Outbox:BatchSize", "64"), ("WorkspaceAgents:Outbox:MaxConcurrency", "64")),
            triggers: triggers, captureLogs: false);

        // Enqueue in slices while the dispatcher runs, as a producer would.
        long afterQuarter = 0;
        const int slice = 1_000;
        for (var start = 0; start < count; start += slice)
        {
            await host.Outbox.EnqueueManyAsync(
                Enumerable.Range(start, Math.Min(slice, count - start)).Select(i => TestEvents.One("memory", i)), ReliabilityWorld.ConnectionName);
            if (afterQuarter == 0 && start + slice >= count / 4)
            {
                await host.WaitUntilSettledAsync();
                afterQuarter = Heap();
            }
        }

        var counts = await host.WaitUntilSettledAsync();
        var atEnd = Heap();
        output.WriteLine($"{count:N0} events: heap after first quarter {afterQuarter / 1024.0 / 1024:F1} MiB, at end {atEnd / 1024.0 / 1024:F1} MiB");

        Assert.Equal(count, counts.Accepted);
        // The fake keeps one dictionary entry per key (about 200 bytes each); everything else must stay put.
        var allowance = (count * 200L) + (16L << 20);
        Assert.True(atEnd - afterQuarter < allowance, $"Heap grew by {(atEnd - afterQuarter) / 1024 / 1024} MiB over {count:N0} events.");
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
