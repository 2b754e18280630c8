using ElsaWorkspaceAgents.Reliability.Tests.Queue;

namespace ElsaWorkspaceAgents.ElsaTests.Cluster;

/// <summary>
/// A test that runs a two-node Elsa cluster with a broker: it runs when <c>ELSA_CLUSTER_POSTGRES</c> holds a PostgreSQL
/// connection string of a server where it may create and drop a database and <c>OUTBOX_RABBITMQ</c> the AMQP URI of a
/// RabbitMQ, and is reported as skipped, naming what is missing, otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClusterFactAttribute : FactAttribute
{
    public const string Variable = "ELSA_CLUSTER_POSTGRES";

    public ClusterFactAttribute()
    {
        var missing = new List<string>();
        if (ConnectionString is null)
        {
            missing.Add($"{Variable} to a PostgreSQL connection string (e.g. Host=127.0.0.1;Port=5432;Username=postgres)");
        }

        if (RabbitMqFactAttribute.Address is null)
        {
            missing.Add($"{RabbitMqFactAttribute.Variable} to a RabbitMQ AMQP URI (e.g. amqp://guest:guest@127.0.0.1:5672/)");
        }

        if (missing.Count > 0)
        {
            Skip = $"Set {string.Join(" and ", missing)} to run the two-node Elsa cluster test (HTTP and queue events).";
        }
    }

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}
