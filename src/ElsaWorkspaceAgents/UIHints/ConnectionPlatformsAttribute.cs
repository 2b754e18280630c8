using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.UIHints;

/// <summary>
/// Limits the connection drop-down of one input to connections of these platforms
/// (read by <see cref="AgentConnectionOptionsProvider"/>). Without it, every configured connection is listed. On an
/// activity class it applies to the Connection input the class inherits.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class ConnectionPlatformsAttribute(params AgentPlatform[] platforms) : Attribute
{
    /// <summary>The platforms listed.</summary>
    public IReadOnlyList<AgentPlatform> Platforms { get; } = platforms;
}
