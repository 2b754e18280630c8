using System.ComponentModel.DataAnnotations;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// Options for the trigger outbox, bound from <c>WorkspaceAgents:Outbox</c>. Only the connection string is required;
/// the defaults suit a backend worker that sends a few events a second.
/// </summary>
public sealed class AgentTriggerOutboxOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "WorkspaceAgents:Outbox";

    /// <summary>Which database holds the rows.</summary>
    public OutboxDatabaseProvider Provider { get; set; } = OutboxDatabaseProvider.Sqlite;

    /// <summary>
    /// The database connection string, e.g. <c>Data Source=outbox.db</c> or <c>Host=db;Database=app;Username=app</c>.
    /// It may hold a database password, so it is never logged and never stored in a row.
    /// </summary>
    [Required]
    public string? ConnectionString { get; set; }

    /// <summary>Creates the table and indexes when missing (<c>CREATE … IF NOT EXISTS</c>). Turn off to manage the schema yourself (see <see cref="Storage.OutboxSchema"/>).</summary>
    public bool CreateSchema { get; set; } = true;

    /// <summary>Runs the background dispatcher in this process. Turn off in processes that only enqueue.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>A name for this dispatcher in lease columns and logs; defaults to machine name, process ID and a random suffix.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Most rows claimed in one database round trip.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Most trigger calls in flight at once in this process.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>How often an idle dispatcher looks for due rows (an enqueue in the same process wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claimed row belongs to this dispatcher. A crashed dispatcher's rows are reclaimed once it expires.
    /// A send is cancelled (and the row rescheduled) before its lease runs out, so no two dispatchers send one row at once.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Time kept free at the end of a lease: it absorbs clock skew between dispatcher machines and the final database write.
    /// A send gets <see cref="LeaseDuration"/> minus this margin.
    /// </summary>
    public TimeSpan LeaseSafetyMargin { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Dispatch attempts (each one a full retried trigger call) before a rate-limited or failing row becomes a terminal failure.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// Age after which a still-failing row becomes a terminal failure. Keep it below the platform's idempotency window
    /// (24 h is common): past that window a resend with the same key could start a second run.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(23);

    /// <summary>First delay before re-dispatching a rate-limited or failed row; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between dispatch attempts (a longer Retry-After is still honoured).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>SQLite: how long a statement waits for another process's write lock before failing.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keeps the rows in a SQLite file.</summary>
    public AgentTriggerOutboxOptions UseSqlite(string connectionString)
    {
        Provider = OutboxDatabaseProvider.Sqlite;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Keeps the rows in PostgreSQL.</summary>
    public AgentTriggerOutboxOptions UsePostgres(string connectionString)
    {
        Provider = OutboxDatabaseProvider.Postgres;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Describes the options without the connection string, which may hold a password.</summary>
    public override string ToString() =>
        $"{Provider} outbox (batch {BatchSize}, concurrency {MaxConcurrency}, lease {LeaseDuration}, {MaxAttempts} attempts, max age {MaxAge})";
}
