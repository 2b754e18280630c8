namespace ElsaWorkspaceAgents.Outbox.Storage;

/// <summary>
/// The run an accepted row started, and the completion callback that reported it (table <c>agent_trigger_outbox_runs</c>,
/// beside the outbox table so the outbox row's own columns stay as they are). Times are Unix milliseconds. No column for
/// a secret, a signature or a token-bearing URL.
/// </summary>
internal sealed class OutboxRunRecord
{
    public long OutboxId { get; set; }

    public string ConnectionName { get; set; } = string.Empty;

    public string RunId { get; set; } = string.Empty;

    public long AcceptedAt { get; set; }

    public long? CallbackReceivedAt { get; set; }

    public string? CallbackDeliveryId { get; set; }

    public string? CallbackState { get; set; }

    public string? CallbackStatus { get; set; }

    public string? CallbackAnswer { get; set; }

    public string? CallbackResultJson { get; set; }

    public string? CallbackError { get; set; }
}
