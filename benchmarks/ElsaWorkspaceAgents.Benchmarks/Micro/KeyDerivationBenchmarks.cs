using BenchmarkDotNet.Attributes;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Keys;

namespace ElsaWorkspaceAgents.Benchmarks.Micro;

/// <summary>Idempotency and conversation key derivation: target under 1 µs, allocating only the returned string.</summary>
[MemoryDiagnoser]
public class KeyDerivationBenchmarks
{
    private readonly SourceEvent sourceEvent = new()
    {
        SourceSystem = "helpdesk",
        EventType = "ticket.created",
        EventId = "evt_01J9ZX4Q7M3T8V2K5N6P",
        RequestId = "DEMO-20260618010101",
    };

    private readonly string longEventId = new('e', 2_000);

    [Benchmark(Baseline = true)]
    public string IdempotencyKeyDerive() => IdempotencyKey.Derive("helpdesk", "ticket.created", "evt_01J9ZX4Q7M3T8V2K5N6P");

    [Benchmark]
    public string IdempotencyKeyDeriveWithScope() =>
        IdempotencyKey.Derive("helpdesk", "ticket.created", "evt_01J9ZX4Q7M3T8V2K5N6P", "agtch_demo");

    [Benchmark]
    public string IdempotencyKeyForEvent() => IdempotencyKey.For(sourceEvent);

    /// <summary>A part too long for the stack buffer: exercises the pooled-array path.</summary>
    [Benchmark]
    public string IdempotencyKeyDeriveLongPart() => IdempotencyKey.Derive("helpdesk", "ticket.created", longEventId);

    [Benchmark]
    public string ConversationKeyDerive() => ConversationKey.Derive("helpdesk", "ticket", "48213");
}
