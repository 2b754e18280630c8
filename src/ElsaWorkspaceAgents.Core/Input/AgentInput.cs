namespace ElsaWorkspaceAgents.Core.Input;

/// <summary>The text an agent receives as its trigger input, built from a source event.</summary>
/// <param name="Text">The plain-text message.</param>
public sealed record AgentInput(string Text)
{
    /// <summary>Length in UTF-16 characters, the unit the platforms' documented limits use.</summary>
    public int Length => Text.Length;

    /// <inheritdoc />
    public override string ToString() => Text;
}
