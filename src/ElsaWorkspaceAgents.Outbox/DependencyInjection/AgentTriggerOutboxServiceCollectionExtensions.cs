using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Outbox.Dispatching;
using ElsaWorkspaceAgents.Outbox.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Outbox.DependencyInjection;

/// <summary>Registers the durable trigger outbox and its background dispatcher.</summary>
public static class AgentTriggerOutboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAgentTriggerOutbox"/>, <see cref="IOutboxQueries"/> and the dispatcher (a hosted service).
    /// Call <c>AddWorkspaceAgents</c> too: the dispatcher sends through its named connections.
    /// <code>services.AddAgentTriggerOutbox(o => o.UseSqlite("Data Source=outbox.db"));</code>
    /// </summary>
    public static IServiceCollection AddAgentTriggerOutbox(this IServiceCollection services, Action<AgentTriggerOutboxOptions> configure) =>
        services.AddAgentTriggerOutbox(configuration: null, configure);

    /// <summary>
    /// Adds the outbox with options bound from <paramref name="configuration"/> (the <c>WorkspaceAgents:Outbox</c> section
    /// when given the root), then <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddAgentTriggerOutbox(this IServiceCollection services, IConfiguration? configuration,
        Action<AgentTriggerOutboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<AgentTriggerOutboxOptions>();
        if (configuration is not null)
        {
            builder.Bind(SectionOf(configuration));
        }

        if (configure is not null)
        {
            builder.PostConfigure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentTriggerOutboxOptions>, AgentTriggerOutboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddPooledDbContextFactory<OutboxDbContext>((provider, db) =>
        {
            var options = provider.GetRequiredService<IOptions<AgentTriggerOutboxOptions>>().Value;
            switch (options.Provider)
            {
                case OutboxDatabaseProvider.Postgres:
                    db.UseNpgsql(options.ConnectionString);
                    break;
                default:
                    db.UseSqlite(options.ConnectionString).AddInterceptors(new SqliteConnectionSetup(options.SqliteBusyTimeout));
                    break;
            }

            db.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        });
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<OutboxRunStore>();
        services.AddAgentCallbackHandler<OutboxCallbackHandler>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IAgentTriggerOutbox, AgentTriggerOutbox>();
        services.TryAddSingleton<IOutboxQueries, OutboxQueries>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }

    private static IConfiguration SectionOf(IConfiguration configuration)
    {
        var nested = configuration.GetSection(AgentTriggerOutboxOptions.SectionName);
        if (nested.Exists())
        {
            return nested;
        }

        var outbox = configuration.GetSection("Outbox");
        return outbox.Exists() ? outbox : configuration;
    }
}
