namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>
/// A named connection to one agent trigger, bound from configuration (<c>WorkspaceAgents:Connections:{name}</c>)
/// or, for the default Workspace Agents connection, from the seed's environment variables.
/// Workflows refer to connections by name, so credentials never live in a workflow definition.
/// </summary>
public sealed class AgentConnection
{
    /// <summary>The platform this connection calls.</summary>
    public AgentPlatform Platform { get; set; } = AgentPlatform.WorkspaceAgents;

    /// <summary>
    /// The platform's base URL. Defaults per platform: <c>https://api.chatgpt.com</c> (Workspace Agents),
    /// <c>https://api.writer.com</c> (Writer), <c>https://gptcloud.arc53.com</c> (DocsGPT Cloud); GPT Workbench is
    /// self-hosted and has no default.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Workspace Agents: the API channel's trigger ID (<c>agtch_…</c>).</summary>
    public string? TriggerId { get; set; }

    /// <summary>Writer: the deployed agent's ID.</summary>
    public string? AgentId { get; set; }

    /// <summary>Writer: the blueprint ID (the blueprint must start with an API Trigger block).</summary>
    public string? BlueprintId { get; set; }

    /// <summary>
    /// The credential: Workspace Agent access token, GPT Workbench API token (part of the trigger URL),
    /// DocsGPT agent webhook token (part of the webhook URL) or Writer API key. A secret: never logged.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The destination label placed in the agent input (WORKSPACE_AGENT_OUTPUT_DESTINATION). Not a permission.</summary>
    public string? OutputDestination { get; set; }

    /// <summary>Writer: true to use the asynchronous jobs endpoint; false streams the synchronous SSE response.</summary>
    public bool UseJobs { get; set; } = true;

    /// <summary>
    /// DocsGPT: trigger with <c>GET</c>, the payload's top-level fields as query parameters, for callers that can only
    /// issue a GET. Off by default: POST keeps the payload out of URLs, which proxies and servers tend to log.
    /// </summary>
    public bool UseGet { get; set; }

    /// <summary>
    /// The secret completion callbacks for this connection are signed with (GPT Workbench: the trigger's webhook secret).
    /// Set it to receive callbacks at <c>{route}/{connection name}</c>; from configuration only, never from a workflow. A secret: never logged.
    /// </summary>
    public string? CallbackSecret { get; set; }

    /// <summary>How callbacks are signed and judged; the defaults are GPT Workbench's scheme.</summary>
    public AgentCallbackOptions Callback { get; set; } = new();

    /// <summary>Overrides the platform's default input limit (characters).</summary>
    public int? MaxInputLength { get; set; }

    /// <summary>The effective base URL.</summary>
    public Uri ResolveBaseUrl() => BaseUrl ?? Platform switch
    {
        AgentPlatform.WorkspaceAgents => new Uri("https://api.chatgpt.com"),
        AgentPlatform.Writer => new Uri("https://api.writer.com"),
        AgentPlatform.DocsGpt => new Uri("https://gptcloud.arc53.com"),
        _ => throw new InvalidOperationException(
            "GPT Workbench is self-hosted: set the connection's BaseUrl to your instance, e.g. https://engine.yourinstance.com."),
    };

    /// <summary>A copy to adjust for one call without touching the configured connection.</summary>
    internal AgentConnection Clone() => (AgentConnection)MemberwiseClone();

    /// <summary>True when completion callbacks for this connection can be verified.</summary>
    public bool ReceivesCallbacks => !string.IsNullOrEmpty(CallbackSecret);

    /// <summary>
    /// "<paramref name="name"/>: <see cref="ToString"/>", the target every audit record and outcome names. Built once and
    /// reused while the identifiers it shows stay the same: a connection is described on every trigger call.
    /// </summary>
    internal string DescribeAs(string name)
    {
        if (description is { } cached && cached.Matches(name, this))
        {
            return cached.Text;
        }

        cached = new Description(name, Platform, TriggerId, AgentId, BlueprintId, $"{name}: {this}");
        description = cached;
        return cached.Text;
    }

    /// <summary>The secrets to strip from any text about a call through this connection (the token), as one array built once.</summary>
    internal IReadOnlyList<string?> SecretsToRedact()
    {
        var cached = secrets;
        if (cached is not null && ReferenceEquals(cached[0], Token))
        {
            return cached;
        }

        cached = [Token];
        secrets = cached;
        return cached;
    }

    private string?[]? secrets;

    // One reference, swapped whole, so a reader on another thread sees an old description or a new one, never a mix.
    private Description? description;

    private sealed record Description(string Name, AgentPlatform Platform, string? TriggerId, string? AgentId, string? BlueprintId, string Text)
    {
        // The inputs of ToString: compare them, not the text, or checking would cost what caching saves.
        public bool Matches(string name, AgentConnection connection) =>
            string.Equals(Name, name, StringComparison.Ordinal) && Platform == connection.Platform &&
            string.Equals(TriggerId, connection.TriggerId, StringComparison.Ordinal) &&
            string.Equals(AgentId, connection.AgentId, StringComparison.Ordinal) &&
            string.Equals(BlueprintId, connection.BlueprintId, StringComparison.Ordinal);
    }

    /// <summary>A safe description: platform and non-secret identifiers only (keep <see cref="Description.Matches"/> in step).</summary>
    public override string ToString() => Platform switch
    {
        AgentPlatform.WorkspaceAgents => $"WorkspaceAgents {TriggerId}",
        AgentPlatform.Writer => $"Writer agent {AgentId} blueprint {BlueprintId}",
        _ => $"{Platform} (token-bearing URL hidden)",
    };
}
