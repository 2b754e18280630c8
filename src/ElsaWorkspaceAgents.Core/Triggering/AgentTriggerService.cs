using ElsaWorkspaceAgents.Core.Connections;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>Routes each call to the client for its connection's platform.</summary>
internal sealed class AgentTriggerService : IAgentTriggerService
{
    private readonly IOptionsMonitor<WorkspaceAgentsOptions> options;
    private readonly IReadOnlyDictionary<AgentPlatform, IAgentPlatformClient> clients;
    private readonly TimeProvider timeProvider;

    public AgentTriggerService(IOptionsMonitor<WorkspaceAgentsOptions> options, IEnumerable<IAgentPlatformClient> clients, TimeProvider timeProvider)
    {
        this.options = options;
        this.timeProvider = timeProvider;
        this.clients = clients.ToDictionary(c => c.Platform);
    }

    public IReadOnlyCollection<string> ConnectionNames => options.CurrentValue.Connections.Keys.ToArray();

    public AgentConnection GetConnection(string? connectionName)
    {
        var name = string.IsNullOrWhiteSpace(connectionName) ? WorkspaceAgentsOptions.DefaultConnectionName : connectionName;
        var connections = options.CurrentValue.Connections;
        if (connections.TryGetValue(name, out var connection))
        {
            return connection;
        }

        var known = connections.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", connections.Keys.Order(StringComparer.OrdinalIgnoreCase));
        throw new AgentInputException(
            $"No agent connection named '{name}' ({known}). Add it under {WorkspaceAgentsOptions.SectionName}:Connections:{name}.", nameof(connectionName));
    }

    public Task<TriggerOutcome> TriggerAsync(AgentTriggerRequest request, string? connectionName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        AgentConnection connection;
        try
        {
            connection = GetConnection(connectionName);
        }
        catch (AgentInputException exception)
        {
            return Task.FromResult(OutcomeFactory.Refused(AgentPlatform.WorkspaceAgents, connectionName ?? WorkspaceAgentsOptions.DefaultConnectionName,
                request.IdempotencyKey ?? string.Empty, request.SourceRequestId, exception.Message, timeProvider.GetUtcNow(), []));
        }

        // Handed straight through (no async wrapper): this sits on every trigger call.
        return ClientFor(connection).TriggerAsync(NameOf(connectionName), connection, request, cancellationToken);
    }

    public TriggerPreview Preview(AgentTriggerRequest request, string? connectionName = null)
    {
        var connection = GetConnection(connectionName);
        return ClientFor(connection).Preview(NameOf(connectionName), connection, request);
    }

    private IAgentPlatformClient ClientFor(AgentConnection connection) =>
        clients.TryGetValue(connection.Platform, out var client)
            ? client
            : throw new InvalidOperationException($"No client is registered for {connection.Platform}.");

    private static string NameOf(string? connectionName) =>
        string.IsNullOrWhiteSpace(connectionName) ? WorkspaceAgentsOptions.DefaultConnectionName : connectionName;
}
