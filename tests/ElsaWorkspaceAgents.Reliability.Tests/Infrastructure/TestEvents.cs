using System.Text.Json;
using ElsaWorkspaceAgents.Core.Events;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>Distinct source events whose request IDs the emulated agent writes to its destination.</summary>
internal static class TestEvents
{
    public static SourceEvent One(string run, int index) => new()
    {
        SourceSystem = "reliability",
        EventType = "ticket.updated",
        EventId = $"{run}-{index:D6}",
        RequestId = $"REL-{run}-{index:D6}",
        Destination = ReliabilityWorld.Destination,
        EntityId = $"ticket:{index % 50}",
        Summary = $"Reliability event {index}",
        // DocsGPT and Writer receive the payload itself as their input: it carries the request ID the emulator counts starts by.
        Payload = JsonSerializer.SerializeToElement(new { requestId = $"REL-{run}-{index:D6}", index, run, priority = index % 3 == 0 ? "high" : "normal" }),
    };

    public static IReadOnlyList<SourceEvent> Many(string run, int count) =>
        Enumerable.Range(0, count).Select(i => One(run, i)).ToArray();

    public static IReadOnlySet<string> RequestIds(IEnumerable<SourceEvent> events) =>
        events.Select(e => e.RequestId!).ToHashSet(StringComparer.Ordinal);
}
