namespace ElsaWorkspaceAgents.Outbox.Storage;

/// <summary>
/// The stored row. Times are Unix milliseconds: the same portable integer comparisons work in SQLite and PostgreSQL
/// and in the hand-written claim SQL. There is deliberately no column for a token, URL or header.
/// </summary>
internal sealed class OutboxMessage
{
    public long Id { get; set; }

    public string ConnectionName { get; set; } = string.Empty;

    public string IdempotencyKey { get; set; } = string.Empty;

    public string Input { get; set; } = string.Empty;

    public string? ConversationKey { get; set; }

    public string? SourceRequestId { get; set; }

    public string? Source { get; set; }

    /// <summary>Structured input as JSON text (DocsGPT/Writer), if any.</summary>
    public string? StructuredInput { get; set; }

    public int State { get; set; }

    public int DispatchAttempts { get; set; }

    public int HttpAttempts { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long NextAttemptAt { get; set; }

    public string? LeaseOwner { get; set; }

    /// <summary>A fresh value per claim: only the holder of the current claim may complete or release the row.</summary>
    public string? LeaseToken { get; set; }

    public long? LeaseUntil { get; set; }

    public string? LastOutcome { get; set; }

    public int? LastHttpStatus { get; set; }

    public string? LastError { get; set; }

    public long? CompletedAt { get; set; }
}
