using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>Routes each call to the client for its connection's platform.</summary>
internal sealed class AgentTriggerService : IAgentTriggerService
{
    private readonly AgentConnectionRegistry connections;
    private readonly IReadOnlyDictionary<AgentPlatform, IAgentPlatformClient> clients;
    private readonly TimeProvider timeProvider;

    public AgentTriggerService(AgentConnectionRegistry connections, IEnumerable<IAgentPlatformClient> clients, TimeProvider timeProvider)
    {
        this.connections = connections;
        this.timeProvider = timeProvider;
        this.clients = clients.ToDictionary(c => c.Platform);
    }

    public Task<TriggerOutcome> TriggerAsync(AgentTriggerRequest request, string? connectionName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        AgentConnection connection;
        try
        {
            connection = connections.Resolve(connectionName);
        }
        catch (AgentInputException exception)
        {
            return Task.FromResult(OutcomeFactory.Refused(AgentPlatform.WorkspaceAgents, AgentConnectionRegistry.NameOf(connectionName),
                request.IdempotencyKey ?? string.Empty, request.SourceRequestId, exception.Message, timeProvider.GetUtcNow(), []));
        }

        // Handed straight through (no async wrapper): this sits on every trigger call.
        return ClientFor(connection).TriggerAsync(AgentConnectionRegistry.NameOf(connectionName), connection, request, cancellationToken);
    }

    public TriggerPreview Preview(AgentTriggerRequest request, string? connectionName = null)
    {
        var connection = connections.Resolve(connectionName);
        return ClientFor(connection).Preview(AgentConnectionRegistry.NameOf(connectionName), connection, request);
    }

    private IAgentPlatformClient ClientFor(AgentConnection connection) =>
        clients.TryGetValue(connection.Platform, out var client)
            ? client
            : throw new InvalidOperationException($"No client is registered for {connection.Platform}.");
}
