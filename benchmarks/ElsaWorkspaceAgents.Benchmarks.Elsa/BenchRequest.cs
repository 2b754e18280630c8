using System.Text.Json;

namespace ElsaWorkspaceAgents.Benchmarks.Elsa;

/// <summary>
/// The request both workflows receive: <c>{"input": "...", "key": "..."}</c>, and where each sends it. The emulator's
/// address is known only once it runs, so the workflows read it from here.
/// </summary>
internal static class BenchRequest
{
    public static Uri TriggerUrl { get; set; } = null!;

    /// <summary>A text field of the parsed body, whatever shape Elsa's HTTP Endpoint parsed it into.</summary>
    public static string Field(object? body, string name) => body switch
    {
        IDictionary<string, object?> map when map.TryGetValue(name, out var value) => value?.ToString() ?? string.Empty,
        JsonElement { ValueKind: JsonValueKind.Object } json when json.TryGetProperty(name, out var value) => value.GetString() ?? string.Empty,
        System.Text.Json.Nodes.JsonObject node when node[name] is { } value => value.GetValue<string>(),
        _ => string.Empty,
    };
}
