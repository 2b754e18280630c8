using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary>Builds the same service graph a host would, with the CLI's one connection in it.</summary>
public static class CliServices
{
    public const string ConnectionName = "cli";

    public static ServiceProvider Build(AgentConnection connection, bool verbose, Action<WorkspaceAgentsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            // The audit log carries no secrets, so it is safe to show; it goes to stderr to keep stdout for results.
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        });
        services.AddWorkspaceAgents(configure: options =>
        {
            options.Connections[ConnectionName] = connection;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }
}
