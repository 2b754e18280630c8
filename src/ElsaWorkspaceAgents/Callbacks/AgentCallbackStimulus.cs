namespace ElsaWorkspaceAgents.Callbacks;

/// <summary>
/// The bookmark payload Wait For Agent Result creates when its connection receives completion callbacks: the callback for
/// this run on this connection resumes exactly the workflow instance waiting for it. The connection name is kept in lower
/// case, because configuration names (and callback URLs) are case-insensitive.
/// </summary>
/// <param name="Connection">The connection name, lower case.</param>
/// <param name="RunId">The platform's run ID (GPT Workbench <c>jobId</c>).</param>
public sealed record AgentCallbackStimulus(string Connection, string RunId)
{
    /// <summary>The stimulus for a connection and run.</summary>
    public static AgentCallbackStimulus For(string connection, string runId) => new(connection.Trim().ToLowerInvariant(), runId.Trim());
}
