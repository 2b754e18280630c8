using ElsaWorkspaceAgents.Core.Resilience;

namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>Options for the whole library, bound from the <c>WorkspaceAgents</c> configuration section.</summary>
public sealed class WorkspaceAgentsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "WorkspaceAgents";

    /// <summary>The connection used when a caller names none.</summary>
    public const string DefaultConnectionName = "default";

    /// <summary>Named connections. Names are case-insensitive.</summary>
    public Dictionary<string, AgentConnection> Connections { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Retry and timeout budget for trigger calls.</summary>
    public TriggerRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Log the input text sent to agents. Off by default: inputs may carry customer data that the audit
    /// trail does not need.
    /// </summary>
    public bool LogInputText { get; set; }
}
