using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>
/// Triggers agents through named connections; the entry point hosts, the CLI and the Elsa activities use. What a
/// connection is (names, platform, limits) is <see cref="IAgentConnectionRegistry"/>'s to say.
/// </summary>
public interface IAgentTriggerService
{
    /// <summary>Sends the trigger through the named connection (the default connection when null).</summary>
    Task<TriggerOutcome> TriggerAsync(AgentTriggerRequest request, string? connectionName = null, CancellationToken cancellationToken = default);

    /// <summary>What <see cref="TriggerAsync"/> would send, credentials masked; nothing is sent.</summary>
    TriggerPreview Preview(AgentTriggerRequest request, string? connectionName = null);
}
