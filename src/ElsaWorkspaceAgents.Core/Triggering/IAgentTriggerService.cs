using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>Triggers agents through named connections; the entry point hosts, the CLI and the Elsa activities use.</summary>
public interface IAgentTriggerService
{
    /// <summary>The configured connection names.</summary>
    IReadOnlyCollection<string> ConnectionNames { get; }

    /// <summary>The connection with this name (case-insensitive); throws <see cref="AgentInputException"/> naming the configured ones if absent.</summary>
    AgentConnection GetConnection(string? connectionName);

    /// <summary>Sends the trigger through the named connection (the default connection when null).</summary>
    Task<TriggerOutcome> TriggerAsync(AgentTriggerRequest request, string? connectionName = null, CancellationToken cancellationToken = default);

    /// <summary>What <see cref="TriggerAsync"/> would send, credentials masked; nothing is sent.</summary>
    TriggerPreview Preview(AgentTriggerRequest request, string? connectionName = null);
}
