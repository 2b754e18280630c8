using System.Text.Json.Nodes;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>An asynchronous blueprint job (admin view; the wire shape is in <see cref="WriterRoutes"/>).</summary>
public sealed record WriterJob
{
    /// <summary>Job id (a UUID).</summary>
    public required string JobId { get; init; }

    /// <summary>Agent id.</summary>
    public required string AgentId { get; init; }

    /// <summary>Blueprint id.</summary>
    public required string BlueprintId { get; init; }

    /// <summary>queued, in_progress, completed or error.</summary>
    public required string Status { get; init; }

    /// <summary>The Return Value as a string ("" until completed, and on error).</summary>
    public required string Artifact { get; init; }

    /// <summary>Error message when status is error.</summary>
    public string? Error { get; init; }

    /// <summary>The <c>inputs</c> value of the request.</summary>
    public JsonNode? Inputs { get; init; }

    /// <summary>When the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it started running.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it completed or errored.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
