namespace ElsaWorkspaceAgents.ElsaTests.Cluster;

/// <summary>
/// A test that runs a two-node Elsa cluster: it runs when <c>ELSA_CLUSTER_POSTGRES</c> holds a PostgreSQL connection string
/// of a server where it may create and drop a database, and is reported as skipped otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClusterFactAttribute : FactAttribute
{
    public const string Variable = "ELSA_CLUSTER_POSTGRES";

    public ClusterFactAttribute()
    {
        if (ConnectionString is null)
        {
            Skip = $"Set {Variable} to a PostgreSQL connection string (e.g. Host=127.0.0.1;Port=5432;Username=postgres) to run the two-node Elsa cluster test.";
        }
    }

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}
