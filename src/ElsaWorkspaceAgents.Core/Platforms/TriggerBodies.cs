using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElsaWorkspaceAgents.Core.Platforms;

/// <summary>Workspace Agents: <c>{"input": …, "conversation_key": …}</c>.</summary>
internal sealed record WorkspaceAgentsTriggerBody(
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("conversation_key")] string? ConversationKey);

/// <summary>GPT Workbench: <c>{"prompt": …, "source": …}</c>.</summary>
internal sealed record GptWorkbenchTriggerBody(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("source")] string? Source);

/// <summary>
/// Source-generated serialization for the fixed-shape trigger bodies. The serializer writes through pooled buffers and
/// allocates only the result; writing the same JSON with a Utf8JsonWriter over an ArrayBufferWriter grew the buffer
/// several times per call (the writer reserves room for worst-case escaping), about 5 KB for a short input.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkspaceAgentsTriggerBody))]
[JsonSerializable(typeof(GptWorkbenchTriggerBody))]
internal sealed partial class TriggerBodiesJsonContext : JsonSerializerContext
{
    public static byte[] Serialize(WorkspaceAgentsTriggerBody body) => JsonSerializer.SerializeToUtf8Bytes(body, Default.WorkspaceAgentsTriggerBody);

    public static byte[] Serialize(GptWorkbenchTriggerBody body) => JsonSerializer.SerializeToUtf8Bytes(body, Default.GptWorkbenchTriggerBody);
}
