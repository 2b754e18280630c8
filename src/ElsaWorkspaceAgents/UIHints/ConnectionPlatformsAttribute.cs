using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.UIHints;

/// <summary>
/// Limits the connection drop-down of one input to connections of these platforms
/// (read by <see cref="AgentConnectionOptionsProvider"/>). Without it, every configured connection is listed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConnectionPlatformsAttribute(params AgentPlatform[] platforms) : Attribute
{
    /// <summary>The platforms listed.</summary>
    public IReadOnlyList<AgentPlatform> Platforms { get; } = platforms;
}
