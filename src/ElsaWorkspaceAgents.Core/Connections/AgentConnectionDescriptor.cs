namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>A connection without its secrets: what designers, activities and the outbox may know of it.</summary>
/// <param name="Name">The configured name.</param>
/// <param name="Platform">The platform it calls.</param>
/// <param name="MaxInputLength">The input limit a trigger through it enforces (<see cref="PlatformInputLimits.For(AgentConnection)"/>).</param>
/// <param name="OutputDestination">The destination label placed in the agent input, if configured.</param>
/// <param name="Description">Platform and non-secret identifiers, as logs show them.</param>
public sealed record AgentConnectionDescriptor(string Name, AgentPlatform Platform, int MaxInputLength, string? OutputDestination, string Description)
{
    /// <summary>True when the connection has a callback secret, so completion callbacks for its runs can be verified.</summary>
    public bool ReceivesCallbacks { get; init; }
}
