using Elsa.Persistence.EFCore;
using Elsa.Persistence.EFCore.Extensions;
using Elsa.Workflows.Runtime.Distributed.Extensions;
using Elsa.Workflows.Runtime.Features;
using Medallion.Threading.Postgres;
using Npgsql;

namespace ElsaWorkspaceAgents.SampleHost.Cluster;

/// <summary>
/// Where the sample host keeps its workflows and how many nodes share them. Default: one node on a SQLite file.
/// With <c>Persistence:PostgreSql</c> set, definitions, instances and bookmarks live in PostgreSQL; with
/// <c>Runtime:Distributed=true</c> as well, Elsa's distributed runtime takes a PostgreSQL advisory lock around every
/// run of an instance, so several nodes on that database never run the same instance at once.
/// </summary>
public static class ClusterComposition
{
    /// <summary>A PostgreSQL connection string (environment: <c>Persistence__PostgreSql</c>).</summary>
    public const string PostgreSqlKey = "Persistence:PostgreSql";

    /// <summary><c>true</c>: Elsa's distributed runtime with PostgreSQL locks (needs <see cref="PostgreSqlKey"/>).</summary>
    public const string DistributedKey = "Runtime:Distributed";

    /// <summary>PostgreSQL when configured, otherwise SQLite with <paramref name="sqliteConnectionString"/>.</summary>
    public static TFeature UseSampleHostDatabase<TFeature, TDbContext>(this PersistenceFeatureBase<TFeature, TDbContext> feature,
        IConfiguration configuration, string sqliteConnectionString)
        where TDbContext : ElsaDbContextBase
        where TFeature : PersistenceFeatureBase<TFeature, TDbContext> =>
        PostgreSqlConnectionString(configuration) is { } postgreSql
            ? feature.UsePostgreSql(postgreSql)
            : feature.UseSqlite(sqliteConnectionString);

    /// <summary>Elsa's distributed runtime with PostgreSQL advisory locks when <see cref="DistributedKey"/> is true.</summary>
    /// <exception cref="InvalidOperationException">Distributed without PostgreSQL: the nodes would share no database and no locks.</exception>
    public static WorkflowRuntimeFeature UseSampleHostRuntime(this WorkflowRuntimeFeature runtime, IConfiguration configuration)
    {
        if (!IsDistributed(configuration))
        {
            return runtime;
        }

        var postgreSql = PostgreSqlConnectionString(configuration)
                         ?? throw new InvalidOperationException($"{DistributedKey}=true needs {PostgreSqlKey}: the nodes of a cluster share one PostgreSQL database and its locks.");
        runtime.UseDistributedRuntime();
        runtime.DistributedLockProvider = _ => new PostgresDistributedSynchronizationProvider(postgreSql);
        return runtime;
    }

    /// <summary>What the host logs at start, without the connection string's password.</summary>
    public static string Describe(IConfiguration configuration)
    {
        if (PostgreSqlConnectionString(configuration) is not { } postgreSql)
        {
            return $"SQLite, single node (set {PostgreSqlKey} and {DistributedKey}=true for a cluster)";
        }

        var builder = new NpgsqlConnectionStringBuilder(postgreSql);
        var database = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        return IsDistributed(configuration) ? $"{database}, distributed runtime with PostgreSQL locks" : $"{database}, single node";
    }

    private static bool IsDistributed(IConfiguration configuration) => configuration.GetValue<bool>(DistributedKey);

    private static string? PostgreSqlConnectionString(IConfiguration configuration) =>
        configuration[PostgreSqlKey] is { Length: > 0 } value ? value : null;
}
