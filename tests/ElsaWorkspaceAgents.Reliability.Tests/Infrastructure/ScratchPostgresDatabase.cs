using Npgsql;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>A database created for one test on the server <see cref="PostgresFactAttribute.Variable"/> names, dropped afterwards.</summary>
internal sealed class ScratchPostgresDatabase : IAsyncDisposable
{
    private readonly string server;
    private readonly string name = "ewa_outbox_" + Guid.NewGuid().ToString("N")[..12];

    private ScratchPostgresDatabase(string server)
    {
        this.server = server;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ScratchPostgresDatabase> CreateAsync()
    {
        var database = new ScratchPostgresDatabase(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!);
        await database.ExecuteOnServerAsync($"CREATE DATABASE {database.name}");
        return database;
    }

    /// <summary>Runs one statement in the scratch database (a test setting up a state no API produces).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
