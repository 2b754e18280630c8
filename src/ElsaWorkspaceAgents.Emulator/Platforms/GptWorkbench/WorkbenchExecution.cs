namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>One execution log entry of a trigger (the docs' fields plus the response and timing).</summary>
public sealed record WorkbenchExecution
{
    /// <summary>Job id returned by the 202 (null for rate-limited calls, which never became jobs).</summary>
    public string? JobId { get; init; }

    /// <summary>Trigger that was called.</summary>
    public required string TriggerId { get; init; }

    /// <summary>queued, processing, completed, failed or rate_limited.</summary>
    public WorkbenchExecutionStatus Status { get; init; }

    /// <summary>The prompt text sent.</summary>
    public required string Prompt { get; init; }

    /// <summary>The optional caller identifier.</summary>
    public string? Source { get; init; }

    /// <summary>When the request was received.</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>Run id, once processing started.</summary>
    public string? RunId { get; init; }

    /// <summary>When processing started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it completed or failed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The simulated AI response, when completed.</summary>
    public string? Response { get; init; }

    /// <summary>Failure details.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Client IP, user agent and request timestamp.</summary>
    public required WorkbenchRequestMetadata Metadata { get; init; }
}

/// <summary>Request metadata stored with each log entry.</summary>
/// <param name="ClientIp">Caller address as the emulator saw it.</param>
/// <param name="UserAgent">User-Agent header.</param>
/// <param name="RequestTimestamp">When the request arrived.</param>
public sealed record WorkbenchRequestMetadata(string? ClientIp, string? UserAgent, DateTimeOffset RequestTimestamp);
