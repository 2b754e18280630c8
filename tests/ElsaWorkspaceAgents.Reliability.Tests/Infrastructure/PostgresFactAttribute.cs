namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// A test that needs PostgreSQL: it runs when <c>OUTBOX_POSTGRES</c> holds a connection string to a server where it may
/// create and drop a scratch database (.ci/run starts a throw-away cluster on loopback and sets it), and is reported as
/// skipped otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "OUTBOX_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Set {Variable} to a PostgreSQL connection string (e.g. Host=127.0.0.1;Port=5432;Username=postgres) to run the PostgreSQL outbox tests.";
        }
    }
}
