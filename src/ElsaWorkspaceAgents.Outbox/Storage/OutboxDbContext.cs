using Microsoft.EntityFrameworkCore;

namespace ElsaWorkspaceAgents.Outbox.Storage;

/// <summary>
/// The outbox's own DbContext. Always created short-lived through <see cref="IDbContextFactory{TContext}"/> and used
/// without change tracking, so memory stays flat however many rows pass through.
/// </summary>
internal sealed class OutboxDbContext(DbContextOptions<OutboxDbContext> options) : DbContext(options)
{
    public DbSet<OutboxMessage> Messages => Set<OutboxMessage>();

    public DbSet<OutboxRunRecord> Runs => Set<OutboxRunRecord>();

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
        MapRuns(modelBuilder);
    }

    private static void MapRuns(ModelBuilder modelBuilder)
    {
        var run = modelBuilder.Entity<OutboxRunRecord>();
        run.ToTable(OutboxRunSchema.TableName);
        run.HasKey(r => r.OutboxId);
        run.Property(r => r.OutboxId).HasColumnName("outbox_id").ValueGeneratedNever();
        run.Property(r => r.ConnectionName).HasColumnName("connection_name").IsRequired();
        run.Property(r => r.RunId).HasColumnName("run_id").IsRequired();
        run.Property(r => r.AcceptedAt).HasColumnName("accepted_at");
        run.Property(r => r.CallbackReceivedAt).HasColumnName("callback_received_at");
        run.Property(r => r.CallbackDeliveryId).HasColumnName("callback_delivery_id");
        run.Property(r => r.CallbackState).HasColumnName("callback_state");
        run.Property(r => r.CallbackStatus).HasColumnName("callback_status");
        run.Property(r => r.CallbackAnswer).HasColumnName("callback_answer");
        run.Property(r => r.CallbackResultJson).HasColumnName("callback_result_json");
        run.Property(r => r.CallbackError).HasColumnName("callback_error");
        run.HasIndex(r => new { r.ConnectionName, r.RunId }).IsUnique().HasDatabaseName(OutboxRunSchema.RunIndexName);
    }
}
