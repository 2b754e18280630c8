using ElsaWorkspaceAgents.Core.Security;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>
/// The one place configured connections are looked up. Its public face describes them without credentials;
/// <see cref="Resolve"/>, internal to Core, gives the connection itself to the trigger service, the run tracker and the
/// Writer helpers, which hand it straight to a platform client.
/// </summary>
internal sealed class AgentConnectionRegistry(IOptionsMonitor<WorkspaceAgentsOptions> options) : IAgentConnectionRegistry
{
    public IReadOnlyCollection<string> Names => options.CurrentValue.Connections.Keys.ToArray();

    public AgentConnectionDescriptor Describe(string? connectionName)
    {
        var name = NameOf(connectionName);
        var connection = Resolve(name);
        return new AgentConnectionDescriptor(name, connection.Platform, PlatformInputLimits.For(connection),
            string.IsNullOrWhiteSpace(connection.OutputDestination) ? null : connection.OutputDestination, connection.ToString())
        {
            ReceivesCallbacks = connection.ReceivesCallbacks,
        };
    }

    public string? Redact(string? connectionName, string? text) =>
        options.CurrentValue.Connections.TryGetValue(NameOf(connectionName), out var connection)
            ? SecretRedactor.Redact(text, [connection.Token, connection.CallbackSecret])
            : text;

    /// <summary>
    /// The configured connection, credentials included: for Core's own callers to pass to a platform client, never to
    /// hand out. Throws <see cref="AgentInputException"/> naming the configured ones if absent.
    /// </summary>
    internal AgentConnection Resolve(string? connectionName)
    {
        var name = NameOf(connectionName);
        var connections = options.CurrentValue.Connections;
        if (connections.TryGetValue(name, out var connection))
        {
            return connection;
        }

        var known = connections.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", connections.Keys.Order(StringComparer.OrdinalIgnoreCase));
        throw new AgentInputException(
            $"No agent connection named '{name}' ({known}). Add it under {WorkspaceAgentsOptions.SectionName}:Connections:{name}.", nameof(connectionName));
    }

    /// <summary>The name a call means: the default connection when none is given.</summary>
    internal static string NameOf(string? connectionName) =>
        string.IsNullOrWhiteSpace(connectionName) ? WorkspaceAgentsOptions.DefaultConnectionName : connectionName;
}
