using System.Text;
using BenchmarkDotNet.Attributes;
using ElsaWorkspaceAgents.Core.Platforms.Writer;

namespace ElsaWorkspaceAgents.Benchmarks.Micro;

/// <summary>Parsing a Writer-style SSE stream (200 events) delivered in network-sized chunks.</summary>
[MemoryDiagnoser]
public class ServerSentEventsParsingBenchmarks
{
    private readonly List<ServerSentEvent> events = new(256);
    private byte[] stream = [];

    [Params(64, 4096)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            text.Append("id: ").Append(i).Append('\n');
            text.Append("event: delta\n");
            text.Append("data: {\"type\":\"delta\",\"index\":").Append(i).Append(",\"text\":\"Partial output number ").Append(i).Append(" of the blueprint run\"}\n\n");
        }

        text.Append("data: [DONE]\n\n");
        stream = Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark]
    public int ParseStream()
    {
        events.Clear();
        using var parser = new ServerSentEventsParser();
        var remaining = stream.AsSpan();
        while (!remaining.IsEmpty)
        {
            var chunk = remaining[..Math.Min(ChunkSize, remaining.Length)];
            parser.Parse(chunk, events);
            remaining = remaining[chunk.Length..];
        }

        parser.Complete(events);
        return events.Count;
    }
}
