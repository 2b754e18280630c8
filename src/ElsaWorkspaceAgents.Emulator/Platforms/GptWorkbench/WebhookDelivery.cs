namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>Outcome of a completion webhook.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Still being attempted.</summary>
    Pending,

    /// <summary>A 2xx was received.</summary>
    Delivered,

    /// <summary>All attempts failed.</summary>
    Failed,
}

/// <summary>A completion webhook and its attempts.</summary>
public sealed record WebhookDelivery
{
    /// <summary>Delivery id (also sent as <c>X-Workbench-Delivery</c>).</summary>
    public required string DeliveryId { get; init; }

    /// <summary>Trigger.</summary>
    public required string TriggerId { get; init; }

    /// <summary>Job the result belongs to.</summary>
    public required string JobId { get; init; }

    /// <summary>Target URL.</summary>
    public required string Url { get; init; }

    /// <summary><c>execution.completed</c> or <c>execution.failed</c>.</summary>
    public required string Event { get; init; }

    /// <summary>The exact body sent on every attempt.</summary>
    public required string Body { get; init; }

    /// <summary>The <c>X-Workbench-Signature</c> value.</summary>
    public required string Signature { get; init; }

    /// <summary>The <c>X-Workbench-Timestamp</c> value (unix seconds), the same on every attempt.</summary>
    public long Timestamp { get; init; }

    /// <summary>Where it stands.</summary>
    public WebhookDeliveryStatus Status { get; init; }

    /// <summary>Attempts so far.</summary>
    public required IReadOnlyList<WebhookAttempt> Attempts { get; init; }
}

/// <summary>One delivery attempt.</summary>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">HTTP status received, if any.</param>
/// <param name="Error">Transport error or timeout, if any.</param>
public sealed record WebhookAttempt(int Attempt, DateTimeOffset At, int? StatusCode, string? Error);
