using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;

namespace ElsaWorkspaceAgents.Benchmarks.Micro;

/// <summary>Turning a source event into the agent's input text, with and without a JSON payload to canonicalise.</summary>
[MemoryDiagnoser]
public class InputBuildingBenchmarks
{
    private SourceEvent plain = null!;
    private SourceEvent withPayload = null!;
    private SourceEvent withLargePayload = null!;

    [GlobalSetup]
    public void Setup()
    {
        plain = new SourceEvent
        {
            SourceSystem = "helpdesk",
            EventType = "ticket.created",
            EventId = "evt_01J9ZX4Q7M3T8V2K5N6P",
            RequestId = "DEMO-20260618010101",
            Destination = "support-escalations",
            EntityId = "ticket:48213",
            OccurredAt = new DateTimeOffset(2026, 6, 18, 1, 1, 1, TimeSpan.Zero),
            Summary = "Customer reports the export job fails with a timeout since the last release.",
        };
        withPayload = plain with
        {
            Payload = JsonSerializer.SerializeToElement(new
            {
                ticket = new { id = 48213, priority = "high", tags = new[] { "export", "timeout", "regression" } },
                customer = new { name = "Example Ltd", plan = "enterprise", region = "eu-west" },
                subject = "Export job fails",
            }),
        };
        withLargePayload = plain with
        {
            Payload = JsonSerializer.SerializeToElement(Enumerable.Range(0, 200).ToDictionary(i => $"field_{i:D3}", i => new { value = i, label = $"label {i}" })),
        };
    }

    [Benchmark(Baseline = true)]
    public AgentInput BuildWithoutPayload() => AgentInputBuilder.Build(plain);

    [Benchmark]
    public AgentInput BuildWithSmallPayload() => AgentInputBuilder.Build(withPayload);

    [Benchmark]
    public AgentInput BuildWithLargePayload() => AgentInputBuilder.Build(withLargePayload);
}
