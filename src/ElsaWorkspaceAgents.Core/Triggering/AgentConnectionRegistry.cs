using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>Describes the connections the trigger service resolves, so both agree on names and on what is configured.</summary>
internal sealed class AgentConnectionRegistry(IAgentTriggerService triggers) : IAgentConnectionRegistry
{
    public IReadOnlyCollection<string> Names => triggers.ConnectionNames;

    public AgentConnectionDescriptor Describe(string? connectionName)
    {
        var name = string.IsNullOrWhiteSpace(connectionName) ? WorkspaceAgentsOptions.DefaultConnectionName : connectionName;
        var connection = triggers.GetConnection(name);
        return new AgentConnectionDescriptor(name, connection.Platform, PlatformInputLimits.For(connection),
            string.IsNullOrWhiteSpace(connection.OutputDestination) ? null : connection.OutputDestination, connection.ToString());
    }
}
