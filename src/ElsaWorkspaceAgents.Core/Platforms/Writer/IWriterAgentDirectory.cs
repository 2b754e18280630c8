namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>Lists the deployed Agent Builder agents and their API-triggered blueprints (<c>GET /v1/agents?type=builder</c>).</summary>
public interface IWriterAgentDirectory
{
    /// <summary>
    /// The agents the named Writer connection's API key can see, for finding the agent and blueprint IDs to configure.
    /// Throws <see cref="HttpRequestException"/> (with <see cref="HttpRequestException.StatusCode"/> when Writer answered)
    /// whose message never contains the key.
    /// </summary>
    Task<IReadOnlyList<WriterAgentSummary>> ListAgentsAsync(string? connectionName = null, CancellationToken cancellationToken = default);
}
