using Microsoft.Data.Sqlite;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>A fresh SQLite file in its own temporary folder, deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ewa-outbox-" + Guid.NewGuid().ToString("N")[..12]);

    public TempDatabase()
    {
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, "outbox.db");
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    /// <summary>Runs one statement that must change exactly one row (a test setting up a state no API produces).</summary>
    public void ExecuteOnOneRow(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A killed child process may still hold the file for a moment; the temp folder is cleaned by the OS later.
        }
    }
}
