namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>
/// The configured connections as the code around a trigger needs them: names, platform, input limit, output
/// destination and whether callbacks arrive, and nothing that carries a credential. Designers, activities, workflows and
/// the outbox use this; only Core's platform clients are handed the connection itself.
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

    /// <summary>
    /// <paramref name="text"/> with the named connection's secrets (token, callback secret) masked, for text about to be
    /// logged or stored that a platform may have echoed them into. Unchanged when no such connection is configured.
    /// </summary>
    string? Redact(string? connectionName, string? text);
}
