namespace ElsaWorkspaceAgents.Outbox;

/// <summary>The databases the outbox can keep its rows in.</summary>
public enum OutboxDatabaseProvider
{
    /// <summary>A SQLite file (WAL mode, busy timeout): one machine, any number of dispatcher processes.</summary>
    Sqlite,

    /// <summary>PostgreSQL: any number of dispatcher processes on any number of machines.</summary>
    Postgres,
}
