namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>The environment variables the platforms' documentation tells users to export.</summary>
public static class ConnectionEnvironment
{
    /// <summary>The Workspace Agents API channel ID (<c>agtch_…</c>).</summary>
    public const string TriggerId = "WORKSPACE_AGENT_TRIGGER_ID";

    /// <summary>The Workspace Agent access token.</summary>
    public const string AccessToken = "WORKSPACE_AGENT_ACCESS_TOKEN";

    /// <summary>The destination label placed in the input.</summary>
    public const string OutputDestination = "WORKSPACE_AGENT_OUTPUT_DESTINATION";

    /// <summary>Writer's API key, as the Writer examples read it.</summary>
    public const string WriterApiKey = "WRITER_API_KEY";

    /// <summary>
    /// Fills the default Workspace Agents connection from the seed's variables where configuration left it empty.
    /// Configuration wins, so a host can override the environment.
    /// </summary>
    public static void ApplyTo(WorkspaceAgentsOptions options, Func<string, string?> getVariable)
    {
        var triggerId = getVariable(TriggerId);
        var token = getVariable(AccessToken);
        var destination = getVariable(OutputDestination);
        if (string.IsNullOrEmpty(triggerId) && string.IsNullOrEmpty(token) && string.IsNullOrEmpty(destination))
        {
            return;
        }

        if (!options.Connections.TryGetValue(WorkspaceAgentsOptions.DefaultConnectionName, out var connection))
        {
            connection = new AgentConnection();
            options.Connections[WorkspaceAgentsOptions.DefaultConnectionName] = connection;
        }

        if (connection.Platform != AgentPlatform.WorkspaceAgents)
        {
            return;
        }

        connection.TriggerId ??= NullIfEmpty(triggerId);
        connection.Token ??= NullIfEmpty(token);
        connection.OutputDestination ??= NullIfEmpty(destination);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
