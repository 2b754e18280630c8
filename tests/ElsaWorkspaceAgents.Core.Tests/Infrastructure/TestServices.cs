using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ElsaWorkspaceAgents.Core.Tests.Infrastructure;

/// <summary>The production service graph with every log record captured, and a short retry budget so tests stay quick.</summary>
public static class TestServices
{
    public static ServiceProvider Build(Action<WorkspaceAgentsOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddWorkspaceAgents(configure: options =>
        {
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(3);
            options.Retry.AttemptTimeout = TimeSpan.FromSeconds(5);
            options.Retry.TotalTimeout = TimeSpan.FromSeconds(20);
            options.LogInputText = false;
            configure(options);
        });
        return services.BuildServiceProvider();
    }

    public static FakeLogCollector Logs(this IServiceProvider services) => services.GetFakeLogCollector();

    /// <summary>Every captured log line, its structured values and any exception text, for secret scans.</summary>
    public static IEnumerable<string> AllLogText(this IServiceProvider services) =>
        services.Logs().GetSnapshot().SelectMany(record =>
            new[] { record.Message, record.Exception?.ToString() ?? string.Empty }
                .Concat(record.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? []));
}
