using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using ElsaWorkspaceAgents.Core.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Core.Tests.Connections;

public sealed class ConnectionEnvironmentTests
{
    [Fact]
    public void The_seeds_variables_fill_the_default_connection_where_configuration_is_silent()
    {
        var variables = new Dictionary<string, string?>
        {
            [ConnectionEnvironment.TriggerId] = "agtch_from_env",
            [ConnectionEnvironment.AccessToken] = "wat_from_env",
            [ConnectionEnvironment.OutputDestination] = "env-channel",
        };
        var options = new WorkspaceAgentsOptions();
        options.Connections["default"] = new AgentConnection { OutputDestination = "configured-channel" };

        ConnectionEnvironment.ApplyTo(options, name => variables.GetValueOrDefault(name));

        var connection = options.Connections["default"];
        Assert.Equal("agtch_from_env", connection.TriggerId);
        Assert.Equal("wat_from_env", connection.Token);
        Assert.Equal("configured-channel", connection.OutputDestination);
    }

    [Fact]
    public void Options_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkspaceAgents:Connections:docs:Platform"] = "DocsGpt",
            ["WorkspaceAgents:Connections:docs:BaseUrl"] = "http://127.0.0.1:7091",
            ["WorkspaceAgents:Connections:docs:Token"] = "docs-token",
            ["WorkspaceAgents:Retry:MaxAttempts"] = "7",
            ["WorkspaceAgents:Retry:TotalTimeout"] = "00:00:45",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddWorkspaceAgents(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<WorkspaceAgentsOptions>>().Value;
        Assert.Equal(AgentPlatform.DocsGpt, options.Connections["DOCS"].Platform);
        Assert.Equal(7, options.Retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(45), options.Retry.TotalTimeout);
        Assert.DoesNotContain("docs-token", options.Connections["docs"].ToString());
    }
}
