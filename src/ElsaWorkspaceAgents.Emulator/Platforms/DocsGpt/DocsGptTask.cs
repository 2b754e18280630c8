using System.Text.Json.Nodes;

namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>A task enqueued by an agent webhook.</summary>
public sealed record DocsGptTask
{
    /// <summary>Celery-style task id (a UUID).</summary>
    public required string TaskId { get; init; }

    /// <summary>Agent whose webhook was called.</summary>
    public required string AgentId { get; init; }

    /// <summary>Agent name.</summary>
    public required string AgentName { get; init; }

    /// <summary>POST (JSON body) or GET (query string mapped to the payload).</summary>
    public required string Method { get; init; }

    /// <summary>The payload the agent received.</summary>
    public JsonNode? Payload { get; init; }

    /// <summary>The Idempotency-Key header, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Retried calls with the same key that were answered with this task's id.</summary>
    public int DuplicateHits { get; init; }

    /// <summary>PENDING, STARTED, PROGRESS, RETRY, SUCCESS or FAILURE.</summary>
    public required string Status { get; init; }

    /// <summary>What <c>/api/task_status</c> returns as <c>result</c> for the current status.</summary>
    public JsonNode? Result { get; init; }

    /// <summary>Every status the task went through, in order.</summary>
    public required IReadOnlyList<DocsGptStatusChange> History { get; init; }

    /// <summary>When the webhook was accepted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last status change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One status transition.</summary>
/// <param name="Status">New status.</param>
/// <param name="At">When.</param>
public sealed record DocsGptStatusChange(string Status, DateTimeOffset At);
