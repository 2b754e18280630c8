using Microsoft.EntityFrameworkCore;

namespace ElsaWorkspaceAgents.Outbox.Storage;

/// <summary>
/// The outbox's own DbContext. Always created short-lived through <see cref="IDbContextFactory{TContext}"/> and used
/// without change tracking, so memory stays flat however many rows pass through.
/// </summary>
internal sealed class OutboxDbContext(DbContextOptions<OutboxDbContext> options) : DbContext(options)
{
    public DbSet<OutboxMessage> Messages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var message = modelBuilder.Entity<OutboxMessage>();
        message.ToTable(OutboxSchema.TableName);
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).HasColumnName("id").ValueGeneratedOnAdd();
        message.Property(m => m.ConnectionName).HasColumnName("connection_name").IsRequired();
        message.Property(m => m.IdempotencyKey).HasColumnName("idempotency_key").IsRequired();
        message.Property(m => m.Input).HasColumnName("input").IsRequired();
        message.Property(m => m.ConversationKey).HasColumnName("conversation_key");
        message.Property(m => m.SourceRequestId).HasColumnName("source_request_id");
        message.Property(m => m.Source).HasColumnName("source");
        message.Property(m => m.StructuredInput).HasColumnName("structured_input");
        message.Property(m => m.State).HasColumnName("state");
        message.Property(m => m.DispatchAttempts).HasColumnName("dispatch_attempts");
        message.Property(m => m.HttpAttempts).HasColumnName("http_attempts");
        message.Property(m => m.CreatedAt).HasColumnName("created_at");
        message.Property(m => m.UpdatedAt).HasColumnName("updated_at");
        message.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
        message.Property(m => m.LeaseOwner).HasColumnName("lease_owner");
        message.Property(m => m.LeaseToken).HasColumnName("lease_token");
        message.Property(m => m.LeaseUntil).HasColumnName("lease_until");
        message.Property(m => m.LastOutcome).HasColumnName("last_outcome");
        message.Property(m => m.LastHttpStatus).HasColumnName("last_http_status");
        message.Property(m => m.LastError).HasColumnName("last_error");
        message.Property(m => m.CompletedAt).HasColumnName("completed_at");
        message.HasIndex(m => new { m.ConnectionName, m.IdempotencyKey }).IsUnique().HasDatabaseName(OutboxSchema.KeyIndexName);
        message.HasIndex(m => new { m.State, m.NextAttemptAt }).HasDatabaseName(OutboxSchema.DueIndexName);
    }
}
