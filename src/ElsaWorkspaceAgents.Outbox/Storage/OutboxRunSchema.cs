namespace ElsaWorkspaceAgents.Outbox.Storage;

/// <summary>
/// The runs table: one row per outbox row whose trigger was accepted with a run ID, and the completion callback once it
/// arrived. Plain DDL with <c>IF NOT EXISTS</c>, like <see cref="OutboxSchema"/>; existing outbox databases gain it on start.
/// </summary>
public static class OutboxRunSchema
{
    /// <summary>The table name.</summary>
    public const string TableName = "agent_trigger_outbox_runs";

    /// <summary>The unique index a callback is matched by.</summary>
    public const string RunIndexName = "ux_agent_trigger_outbox_runs_run";

    /// <summary>The DDL for a provider.</summary>
    public static string CreateScript(OutboxDatabaseProvider provider)
    {
        var (text, bigint) = provider switch
        {
            OutboxDatabaseProvider.Sqlite => ("TEXT", "INTEGER"),
            OutboxDatabaseProvider.Postgres => ("TEXT", "BIGINT"),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };

        return $"""
            CREATE TABLE IF NOT EXISTS {TableName} (
                outbox_id {bigint} NOT NULL PRIMARY KEY,
                connection_name {text} NOT NULL,
                run_id {text} NOT NULL,
                accepted_at {bigint} NOT NULL,
                callback_received_at {bigint} NULL,
                callback_delivery_id {text} NULL,
                callback_state {text} NULL,
                callback_status {text} NULL,
                callback_answer {text} NULL,
                callback_result_json {text} NULL,
                callback_error {text} NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS {RunIndexName} ON {TableName} (connection_name, run_id);
            """;
    }
}
