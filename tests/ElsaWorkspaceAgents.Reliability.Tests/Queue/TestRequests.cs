using System.Text.Json;
using ElsaWorkspaceAgents.Core.Messages;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>Distinct agent-request messages whose request IDs the emulated agent writes to its destination.</summary>
internal static class TestRequests
{
    public static AgentRequest One(string run, int index) => new()
    {
        MessageId = $"{run}-{index:D6}",
        SourceSystem = "reliability",
        EventType = "queue.message",
        EntityId = $"ticket:{index % 50}",
        RequestId = $"REL-{run}-{index:D6}",
        Summary = $"Queue message {index}",
        Data = JsonSerializer.SerializeToElement(new { index, run }),
    };

    public static IReadOnlyList<AgentRequest> Many(string run, int count) =>
        Enumerable.Range(0, count).Select(i => One(run, i)).ToArray();

    public static IReadOnlySet<string> RequestIds(IEnumerable<AgentRequest> requests) =>
        requests.Select(r => r.RequestId!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The message as a producer without MassTransit sends it: plain camelCase JSON.</summary>
    public static byte[] PlainJson(AgentRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, PlainJsonOptions);

    private static readonly JsonSerializerOptions PlainJsonOptions = new(JsonSerializerDefaults.Web);
}
