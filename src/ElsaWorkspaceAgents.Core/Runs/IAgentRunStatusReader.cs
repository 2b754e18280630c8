using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Runs;

/// <summary>Reads one platform's run status endpoint. Implemented by the platforms that have one.</summary>
public interface IAgentRunStatusReader
{
    /// <summary>The platform whose status endpoint this reads.</summary>
    AgentPlatform Platform { get; }

    /// <summary>Reads the run's current status once.</summary>
    Task<RunSnapshot> ReadAsync(AgentConnection connection, string runId, CancellationToken cancellationToken = default);
}
