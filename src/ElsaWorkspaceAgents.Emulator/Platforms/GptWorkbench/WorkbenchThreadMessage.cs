namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>A message in a thread's conversation history (non-ephemeral triggers only add here).</summary>
/// <param name="Role"><c>user</c> (the prompt) or <c>assistant</c> (the response).</param>
/// <param name="Content">Message text.</param>
/// <param name="JobId">Trigger job that added it.</param>
/// <param name="Timestamp">When it was added.</param>
public sealed record WorkbenchThreadMessage(string Role, string Content, string JobId, DateTimeOffset Timestamp);
