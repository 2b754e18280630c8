using ElsaWorkspaceAgents.Core.Callbacks;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Platforms;
using ElsaWorkspaceAgents.Core.Platforms.DocsGpt;
using ElsaWorkspaceAgents.Core.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Core.Platforms.WorkspaceAgents;
using ElsaWorkspaceAgents.Core.Platforms.Writer;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.DependencyInjection;

/// <summary>Registers the agent trigger core in any .NET host.</summary>
public static class WorkspaceAgentsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the trigger clients, run tracking and audit logging. Options bind from <paramref name="configuration"/>
    /// (the <c>WorkspaceAgents</c> section when given the root), then the seed's environment variables fill the
    /// default Workspace Agents connection where configuration left it empty, then <paramref name="configure"/> runs.
    /// </summary>
    public static IServiceCollection AddWorkspaceAgents(this IServiceCollection services, IConfiguration? configuration = null,
        Action<WorkspaceAgentsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<WorkspaceAgentsOptions>();
        if (configuration is not null)
        {
            var section = configuration.GetSection(WorkspaceAgentsOptions.SectionName);
            builder.Bind(section.Exists() ? section : configuration);
        }

        builder.PostConfigure(options => ConnectionEnvironment.ApplyTo(options, Environment.GetEnvironmentVariable));
        if (configure is not null)
        {
            builder.PostConfigure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        // Calls go through this client's handler chain without an HttpClient (see PlatformHttp), so Polly owns every
        // timeout; the default HttpClient logging writes request URLs, and two platforms put the token in the URL.
        services.AddHttpClient(ResilientTriggerSender.HttpClientName).RemoveAllLoggers();

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<WorkspaceAgentsOptions>>();
            return new ResilientTriggerSender(sp.GetRequiredService<IHttpMessageHandlerFactory>(), sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<TimeProvider>(), () => options.CurrentValue.Retry);
        });
        services.TryAddSingleton<PlatformReader>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentPlatformClient, WorkspaceAgentsClient>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentPlatformClient, GptWorkbenchClient>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentPlatformClient, DocsGptClient>());

        // One WriterClient serves both the neutral path and the blueprint stream.
        services.TryAddSingleton<WriterClient>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentPlatformClient, WriterClient>(sp => sp.GetRequiredService<WriterClient>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentRunStatusReader, GptWorkbenchStatusReader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentRunStatusReader, DocsGptStatusReader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentRunStatusReader, WriterJobStatusReader>());
        services.TryAddSingleton<IWriterBlueprintStream, WriterBlueprintStream>();
        services.TryAddSingleton<IWriterAgentDirectory, WriterAgentDirectory>();
        // Core's own callers resolve connections (credentials included) through the concrete registry; everything else
        // gets the interface, which describes them without credentials.
        services.TryAddSingleton<AgentConnectionRegistry>();
        services.TryAddSingleton<IAgentConnectionRegistry>(sp => sp.GetRequiredService<AgentConnectionRegistry>());
        services.TryAddSingleton<IAgentTriggerService, AgentTriggerService>();
        services.TryAddSingleton<IAgentRunTracker, AgentRunTracker>();
        services.TryAddSingleton<IAgentCallbackMemory, InMemoryAgentCallbackMemory>();
        services.TryAddSingleton<IAgentCallbackReceiver, AgentCallbackReceiver>();
        return services;
    }

    /// <summary>Adds a handler that acts on every verified completion callback (see <see cref="IAgentCallbackHandler"/>).</summary>
    public static IServiceCollection AddAgentCallbackHandler<THandler>(this IServiceCollection services)
        where THandler : class, IAgentCallbackHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentCallbackHandler, THandler>());
        return services;
    }
}
