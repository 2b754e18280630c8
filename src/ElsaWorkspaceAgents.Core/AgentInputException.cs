namespace ElsaWorkspaceAgents.Core;

/// <summary>
/// The caller's input cannot be sent as it stands (too long, malformed, missing a required part).
/// Raised before anything goes over the wire, so nothing half-formed is ever sent.
/// </summary>
public sealed class AgentInputException : ArgumentException
{
    public AgentInputException(string message, string? paramName = null) : base(message, paramName)
    {
    }
}
