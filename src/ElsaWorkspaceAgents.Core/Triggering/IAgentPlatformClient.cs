using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>Speaks one platform's trigger API. Resolve through <see cref="IAgentTriggerService"/> to use named connections.</summary>
public interface IAgentPlatformClient
{
    /// <summary>The platform this client speaks.</summary>
    AgentPlatform Platform { get; }

    /// <summary>
    /// Validates and sends the trigger, retrying transient failures with the same idempotency key.
    /// Never throws for platform answers or invalid input: those become typed outcomes.
    /// </summary>
    Task<TriggerOutcome> TriggerAsync(string connectionName, AgentConnection connection, AgentTriggerRequest request, CancellationToken cancellationToken = default);

    /// <summary>What <see cref="TriggerAsync"/> would send, credentials masked. Throws <see cref="AgentInputException"/> for invalid input.</summary>
    TriggerPreview Preview(string connectionName, AgentConnection connection, AgentTriggerRequest request);
}
