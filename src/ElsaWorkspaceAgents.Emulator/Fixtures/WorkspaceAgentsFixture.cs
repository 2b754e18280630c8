namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>The ChatGPT Workspace Agents side of a fixture.</summary>
public sealed class WorkspaceAgentsFixture
{
    /// <summary>Workspace Agent access tokens (ChatGPT Admin &gt; Access tokens).</summary>
    public List<AccessTokenFixture> AccessTokens { get; set; } = [];

    /// <summary>Places agents can write to (channels, documents, tickets...).</summary>
    public List<DestinationFixture> Destinations { get; set; } = [];

    /// <summary>Saved or draft Workspace Agents with their API channels.</summary>
    public List<WorkspaceAgentFixture> Agents { get; set; } = [];

    /// <summary>How long an Idempotency-Key is remembered per API channel. The seed does not say; 24 h matches common practice.</summary>
    public int IdempotencyWindowHours { get; set; } = 24;

    /// <summary>
    /// True: the 202 carries a JSON body <c>{"run_id", "status": "queued"}</c> (as some deployments answer) instead of
    /// the documented empty body. Emulator switch, off by default.
    /// </summary>
    public bool AcceptedBodyWithRunId { get; set; }
}

/// <summary>An access token and the user who owns it.</summary>
public sealed class AccessTokenFixture
{
    /// <summary>The bearer credential.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Owner; the agent must be shared with this user or the API answers 403.</summary>
    public string UserId { get; set; } = string.Empty;

    /// <summary>Granted scopes; <see cref="WorkspaceAgentsScope"/> is required to trigger runs.</summary>
    public List<string> Scopes { get; set; } = [WorkspaceAgentsScope];

    /// <summary>A revoked token answers 401.</summary>
    public bool Revoked { get; set; }

    /// <summary>An expired token answers 401.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The scope name the emulator uses for "Workspace Agents".</summary>
    public const string WorkspaceAgentsScope = "workspace_agents";
}

/// <summary>Whether writes to a destination need a human approval first.</summary>
public enum DestinationApproval
{
    /// <summary>Writes land immediately.</summary>
    Auto,

    /// <summary>Writes wait as pending until approved or rejected through the admin API.</summary>
    Required,
}

/// <summary>A connected-app destination.</summary>
public sealed class DestinationFixture
{
    /// <summary>Exact destination name, as used in the trigger input's <c>Destination:</c> line.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Informational: channel, document, email, ticket...</summary>
    public string Kind { get; set; } = "channel";

    /// <summary>Auto-approved or approval-gated writes.</summary>
    public DestinationApproval Approval { get; set; } = DestinationApproval.Auto;

    /// <summary>When false the connected app cannot be reached: an agent whose default destination is offline is not runnable (409).</summary>
    public bool Connected { get; set; } = true;
}

/// <summary>A Workspace Agent.</summary>
public sealed class WorkspaceAgentFixture
{
    /// <summary>Internal agent id (never used in the API path; the channel id is).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Saved instructions (informational; the demo behaviour is fixed, see README).</summary>
    public string Instructions { get; set; } = string.Empty;

    /// <summary>Saved/published; an unsaved draft answers 409.</summary>
    public bool Saved { get; set; } = true;

    /// <summary>Users the agent is shared with.</summary>
    public List<string> SharedWith { get; set; } = [];

    /// <summary>Where the agent writes when the input names no destination it may use.</summary>
    public string DefaultDestination { get; set; } = string.Empty;

    /// <summary>Additional destinations the agent's connected apps may write to (the default is always allowed).</summary>
    public List<string> Destinations { get; set; } = [];

    /// <summary>API channels; their <c>agtch_</c> ids go in the trigger path.</summary>
    public List<ApiChannelFixture> Channels { get; set; } = [];
}

/// <summary>An API channel on an agent.</summary>
public sealed class ApiChannelFixture
{
    /// <summary>The trigger id, <c>agtch_...</c>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>An inactive channel answers 409.</summary>
    public bool Active { get; set; } = true;
}
