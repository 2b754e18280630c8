namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>
/// The longest input each platform accepts, checked before anything is sent.
/// GPT Workbench documents 50,000 characters for <c>prompt</c>; the other platforms publish no limit,
/// so we apply a conservative default that a connection can override.
/// </summary>
public static class PlatformInputLimits
{
    /// <summary>GPT Workbench's documented prompt limit.</summary>
    public const int GptWorkbenchPrompt = 50_000;

    /// <summary>GPT Workbench's documented limit for the optional <c>source</c> field.</summary>
    public const int GptWorkbenchSource = 100;

    /// <summary>Our default where the platform documents none (keeps a runaway payload from reaching an agent).</summary>
    public const int UndocumentedDefault = 100_000;

    /// <summary>The default input limit for a platform.</summary>
    public static int For(AgentPlatform platform) => platform switch
    {
        AgentPlatform.GptWorkbench => GptWorkbenchPrompt,
        _ => UndocumentedDefault,
    };

    /// <summary>
    /// The input limit the trigger call through <paramref name="connection"/> enforces: the connection's
    /// <see cref="AgentConnection.MaxInputLength"/> when set, else the platform's default. GPT Workbench's documented
    /// maximum cannot be raised by a connection, only lowered.
    /// </summary>
    public static int For(AgentConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var limit = connection.MaxInputLength ?? For(connection.Platform);
        return connection.Platform == AgentPlatform.GptWorkbench ? Math.Min(limit, GptWorkbenchPrompt) : limit;
    }
}
