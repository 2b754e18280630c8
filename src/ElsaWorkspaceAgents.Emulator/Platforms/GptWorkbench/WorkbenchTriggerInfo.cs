namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>A trigger's configuration and usage statistics (admin view; includes the token, this being a local tool).</summary>
public sealed record WorkbenchTriggerInfo
{
    /// <summary>Stable trigger id.</summary>
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Bound thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>Current 64-character token.</summary>
    public required string ApiToken { get; init; }

    /// <summary>Path to call, <c>/webhooks/trigger/{apiToken}</c>.</summary>
    public string WebhookPath => "/webhooks/trigger/" + ApiToken;

    /// <summary>Active/inactive toggle.</summary>
    public bool Enabled { get; init; }

    /// <summary>Calls allowed per rolling hour.</summary>
    public int RateLimitPerHour { get; init; }

    /// <summary>Ephemeral execution.</summary>
    public bool Ephemeral { get; init; }

    /// <summary>IP whitelist entries.</summary>
    public required IReadOnlyList<string> IpWhitelist { get; init; }

    /// <summary>Completion webhook URL.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>Secret used to sign completion webhooks.</summary>
    public required string WebhookSecret { get; init; }

    /// <summary>Cumulative successful invocations.</summary>
    public long TotalCalls { get; init; }

    /// <summary>Most recent successful invocation.</summary>
    public DateTimeOffset? LastTriggeredAt { get; init; }
}
