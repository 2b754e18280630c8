using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Testing;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>Looks for any of <see cref="Secrets.All"/> in text, captured logs, SQLite files (raw bytes) and every column of every row.</summary>
internal static class SecretScan
{
    public static void AssertClean(string? text, string where)
    {
        if (text is null)
        {
            return;
        }

        foreach (var secret in Secrets.All)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret appeared in {where}.");
        }
    }

    /// <summary>Message, structured values and exception text of every captured record.</summary>
    public static int AssertLogsClean(FakeLogCollector collector)
    {
        var records = collector.GetSnapshot();
        foreach (var record in records)
        {
            AssertClean(record.Message, $"log message ({record.Category})");
            AssertClean(record.Exception?.ToString(), $"logged exception ({record.Category})");
            foreach (var pair in record.StructuredState ?? [])
            {
                AssertClean(pair.Value, $"log value {pair.Key} ({record.Category})");
            }
        }

        return records.Count;
    }

    /// <summary>The database file and its WAL/SHM companions byte for byte (UTF-8 and UTF-16), then every column of every row.</summary>
    public static void AssertDatabaseClean(string databasePath)
    {
        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var bytes = ReadShared(path);
            foreach (var secret in Secrets.All)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"A secret appeared in the bytes of {Path.GetFileName(path)}.");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"A secret appeared (UTF-16) in the bytes of {Path.GetFileName(path)}.");
            }
        }

        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM agent_trigger_outbox";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                AssertClean(reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture),
                    $"column {reader.GetName(i)}");
            }
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
