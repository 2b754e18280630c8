namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>
/// Verifies completion callbacks and hands verified ones to every <see cref="IAgentCallbackHandler"/>. Host-neutral: an
/// HTTP layer (<c>app.MapAgentCallbacks()</c> in ElsaWorkspaceAgents.AspNetCore, the CLI's <c>listen</c>) passes the
/// raw body and a header lookup, and answers with <see cref="AgentCallbackResult.StatusCode"/>.
/// </summary>
public interface IAgentCallbackReceiver
{
    /// <summary>The largest body the connection accepts, so the HTTP layer can stop reading beyond it; null for an unknown connection.</summary>
    int? MaxBodyBytes(string connectionName);

    /// <summary>Checks one delivery and, when it passes, lets the handlers act on it.</summary>
    /// <param name="connectionName">The connection named in the callback URL; its secret verifies the signature.</param>
    /// <param name="header">Reads a request header by name (null when absent).</param>
    /// <param name="body">The raw body bytes, exactly as received.</param>
    /// <param name="cancellationToken">Cancels handling.</param>
    Task<AgentCallbackResult> ReceiveAsync(string connectionName, Func<string, string?> header, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);
}
