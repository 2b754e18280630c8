namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>The GPT Workbench side of a fixture.</summary>
public sealed class GptWorkbenchFixture
{
    /// <summary>
    /// Take the client IP from the first <c>X-Forwarded-For</c> entry. Off by default (the header is spoofable);
    /// tests switch it on to exercise IP allowlists from loopback.
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>Threads the triggers post into.</summary>
    public List<WorkbenchThreadFixture> Threads { get; set; } = [];

    /// <summary>API triggers, each bound to one thread.</summary>
    public List<WorkbenchTriggerFixture> Triggers { get; set; } = [];
}

/// <summary>A GPT Workbench thread.</summary>
public sealed class WorkbenchThreadFixture
{
    /// <summary>Thread id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Informational system prompt.</summary>
    public string SystemPrompt { get; set; } = string.Empty;
}

/// <summary>A GPT Workbench API trigger.</summary>
public sealed class WorkbenchTriggerFixture
{
    /// <summary>Stable id used by the admin API and chaos targets (the token changes on regeneration).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Required display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Optional description.</summary>
    public string? Description { get; set; }

    /// <summary>The thread the prompt is processed in.</summary>
    public string ThreadId { get; set; } = string.Empty;

    /// <summary>The 64-character token embedded in the URL.</summary>
    public string ApiToken { get; set; } = string.Empty;

    /// <summary>Disabled triggers answer 404 to every request.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Accepted calls per rolling hour; more answer 429. Platform default 100.</summary>
    public int RateLimitPerHour { get; set; } = 100;

    /// <summary>When true, prompt and response are not stored in the thread history.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Allowed client addresses or CIDR blocks (IPv4/IPv6); empty allows all.</summary>
    public List<string> IpWhitelist { get; set; } = [];

    /// <summary>Optional completion webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>HMAC-SHA256 key for signing completion webhooks.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>When set, every execution fails with this error message.</summary>
    public string? FailureMessage { get; set; }
}
