using ElsaWorkspaceAgents.SampleHost;
using ElsaWorkspaceAgents.SampleHost.Cluster;
using Microsoft.Extensions.Configuration;

namespace ElsaWorkspaceAgents.ElsaTests.Cluster;

/// <summary>The sample host's storage choice: SQLite by default, PostgreSQL and the distributed runtime when configured.</summary>
public sealed class ClusterCompositionTests
{
    [Fact]
    public void By_default_the_host_is_one_node_on_SQLite()
    {
        Assert.StartsWith("SQLite, single node", ClusterComposition.Describe(Configuration()));
    }

    [Fact]
    public void The_start_up_description_names_the_PostgreSQL_server_but_never_the_password()
    {
        var description = ClusterComposition.Describe(Configuration(
            (ClusterComposition.PostgreSqlKey, "Host=127.0.0.1;Port=5433;Database=elsa;Username=elsa;Password=s3cret-pw"),
            (ClusterComposition.DistributedKey, "true")));

        Assert.Equal("PostgreSQL 127.0.0.1:5433/elsa, distributed runtime with PostgreSQL locks", description);
        Assert.DoesNotContain("s3cret-pw", description);
    }

    [Fact]
    public async Task A_distributed_runtime_without_PostgreSQL_is_refused_at_start_with_the_reason()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => SampleHostApplication.CreateAsync([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [ClusterComposition.DistributedKey] = "true",
                [SampleHostApplication.UseEmulatorKey] = "false",
            })));

        Assert.Contains(ClusterComposition.PostgreSqlKey, exception.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
