using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox.Storage;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>Maps stored rows to the public <see cref="OutboxEntry"/>.</summary>
internal static class OutboxEntries
{
    public static OutboxEntry From(OutboxMessage row) => new()
    {
        Id = row.Id,
        ConnectionName = row.ConnectionName,
        IdempotencyKey = row.IdempotencyKey,
        Input = row.Input,
        ConversationKey = row.ConversationKey,
        SourceRequestId = row.SourceRequestId,
        State = (OutboxEntryState)row.State,
        DispatchAttempts = row.DispatchAttempts,
        HttpAttempts = row.HttpAttempts,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        NextAttemptAt = DateTimeOffset.FromUnixTimeMilliseconds(row.NextAttemptAt),
        LeaseOwner = row.LeaseOwner,
        LeaseUntil = row.LeaseUntil is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null,
        LastOutcome = Enum.TryParse<TriggerOutcomeKind>(row.LastOutcome, out var kind) ? kind : null,
        LastHttpStatus = row.LastHttpStatus,
        LastError = row.LastError,
        CompletedAt = row.CompletedAt is { } completed ? DateTimeOffset.FromUnixTimeMilliseconds(completed) : null,
    };
}
