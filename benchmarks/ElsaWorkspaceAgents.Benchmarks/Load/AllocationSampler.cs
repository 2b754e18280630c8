using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace ElsaWorkspaceAgents.Benchmarks.Load;

/// <summary>
/// Which types a mode allocates, from the runtime's own allocation sampling (one GCAllocationTick event about every
/// 100 KB, naming the type that crossed the mark), so the bytes per call the harness reports can be traced to code.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> bytesByType = new();
    private volatile bool recording;

    public void Start()
    {
        bytesByType.Clear();
        recording = true;
    }

    public void Stop() => recording = false;

    public void Print(string mode, int calls, int top = 25)
    {
        var total = bytesByType.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Allocations sampled in {mode} ({calls:N0} calls, emulator included), by type, bytes per call:"));
        foreach (var (type, bytes) in bytesByType.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / (double)calls,8:0} B  {100.0 * bytes / Math.Max(1, total),5:0.0}%  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        var type = names.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], CultureInfo.InvariantCulture) : 100_000;
        bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
