namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>
/// The configured connections as the code around a trigger needs them: names, platform, input limit and output
/// destination, and nothing that carries a credential. Designers, activities and workflows use this; only the
/// platform clients read the connection itself.
/// </summary>
public interface IAgentConnectionRegistry
{
    /// <summary>The configured connection names.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>
    /// The connection with this name (case-insensitive; the default connection when blank). Throws
    /// <see cref="AgentInputException"/> naming the configured ones if absent.
    /// </summary>
    AgentConnectionDescriptor Describe(string? connectionName);
}

/// <summary>A connection without its secrets.</summary>
/// <param name="Name">The configured name.</param>
/// <param name="Platform">The platform it calls.</param>
/// <param name="MaxInputLength">The input limit a trigger through it enforces (<see cref="PlatformInputLimits.For(AgentConnection)"/>).</param>
/// <param name="OutputDestination">The destination label placed in the agent input, if configured.</param>
/// <param name="Description">Platform and non-secret identifiers, as logs show them.</param>
public sealed record AgentConnectionDescriptor(string Name, AgentPlatform Platform, int MaxInputLength, string? OutputDestination, string Description);
