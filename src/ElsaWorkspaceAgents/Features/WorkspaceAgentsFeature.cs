using Elsa.Common.RecurringTasks;
using Elsa.Extensions;
using Elsa.Features.Abstractions;
using Elsa.Features.Attributes;
using Elsa.Features.Services;
using Elsa.KeyValues.Entities;
using Elsa.KeyValues.Features;
using Elsa.KeyValues.Stores;
using Elsa.Scheduling.Features;
using Elsa.Workflows;
using ElsaWorkspaceAgents.Callbacks;
using ElsaWorkspaceAgents.Core.Callbacks;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Recovery;
using ElsaWorkspaceAgents.UIHints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Features;

/// <summary>
/// The Workspace Agents activity pack as an Elsa feature: registers the activities (toolbox category "Workspace Agents"),
/// the engine-neutral trigger core with its named connections, and the connection drop-downs. Depends on Elsa.Scheduling,
/// whose delay bookmarks make Wait For Agent Result durable, and a recurring check that resumes waits a crash inside
/// Elsa's commit left without a stored bookmark (<see cref="ResumeStrandedWaitsTask"/>, on by default). Enable it with
/// <c>elsa.UseWorkspaceAgents()</c>.
/// </summary>
[DependsOn(typeof(SchedulingFeature))]
[DependsOn(typeof(KeyValueFeature))]
public class WorkspaceAgentsFeature(IModule module) : FeatureBase(module)
{
    /// <summary>
    /// The configuration section connections bind from (default <c>WorkspaceAgents</c>: <c>WorkspaceAgents:Connections:{name}</c>),
    /// read from the host's <c>IConfiguration</c>. Null to bind nothing from configuration.
    /// </summary>
    public string? ConfigurationSection { get; set; } = WorkspaceAgentsOptions.SectionName;

    /// <summary>Adjusts the options after configuration and the <c>WORKSPACE_AGENT_*</c> environment variables were applied.</summary>
    public Action<WorkspaceAgentsOptions>? ConfigureOptions { get; set; }

    /// <summary>Adjusts the stranded-wait check after configuration (<c>WorkspaceAgents:StrandedWaits</c>) was applied.</summary>
    public Action<StrandedWaitOptions>? ConfigureStrandedWaits { get; set; }

    /// <summary>Adjusts how long handled callbacks are remembered after configuration (<c>WorkspaceAgents:CallbackMemory</c>) was applied.</summary>
    public Action<CallbackMemoryOptions>? ConfigureCallbackMemory { get; set; }

    /// <inheritdoc />
    public override void Configure()
    {
        Module.AddActivitiesFrom<WorkspaceAgentsFeature>();
    }

    /// <inheritdoc />
    public override void Apply()
    {
        Services.AddWorkspaceAgents(configuration: null, ConfigureOptions);
        if (!string.IsNullOrWhiteSpace(ConfigurationSection))
        {
            Services.AddOptions<WorkspaceAgentsOptions>().BindConfiguration(ConfigurationSection);
            Services.AddOptions<StrandedWaitOptions>().BindConfiguration($"{ConfigurationSection}:{StrandedWaitOptions.SectionName}");
            Services.AddOptions<CallbackMemoryOptions>().BindConfiguration($"{ConfigurationSection}:{CallbackMemoryOptions.SectionName}");
        }

        // Waits stranded by a crash between Elsa's bookmark and instance writes are resumed by a recurring Elsa task.
        if (ConfigureStrandedWaits is not null)
        {
            Services.Configure(ConfigureStrandedWaits);
        }

        Services.AddOptions<StrandedWaitOptions>().Validate(options => options.Interval > TimeSpan.Zero && options.BatchSize > 0,
            $"{WorkspaceAgentsOptions.SectionName}:{StrandedWaitOptions.SectionName}: Interval must be a positive time span and BatchSize at least 1.");
        Services.AddSingleton<StrandedWaitSightings>();
        Services.AddRecurringTask<ResumeStrandedWaitsTask>();
        Services.AddOptions<RecurringTaskOptions>().Configure<IOptions<StrandedWaitOptions>>((recurring, strandedWaits) =>
            recurring.Schedule.ConfigureTask<ResumeStrandedWaitsTask>(strandedWaits.Value.Interval));

        Services.AddScoped<IPropertyUIHandler, AgentConnectionOptionsProvider>();

        // Verified completion callbacks resume the Wait For Agent Result waiting for their run; what was handled is
        // remembered in Elsa's key-value store, so a retried delivery is answered alike after a restart or on another node.
        Services.AddAgentCallbackHandler<WorkflowCallbackHandler>();
        // Elsa 3.7.1's KeyValueFeature defaults to MemoryKeyValueStore, but nothing registers the MemoryStore it needs unless
        // EF Core runtime persistence replaces it: with Elsa's in-memory defaults every callback would fail to resolve the
        // store. Registered the way Elsa registers its other memory stores (TryAdd: unused where EF Core is configured).
        Services.AddMemoryStore<SerializedKeyValuePair, MemoryKeyValueStore>();
        Services.TryAddSingleton<KeyValueAgentCallbackMemory>();
        Services.Replace(ServiceDescriptor.Singleton<IAgentCallbackMemory>(sp => sp.GetRequiredService<KeyValueAgentCallbackMemory>()));
        if (ConfigureCallbackMemory is not null)
        {
            Services.Configure(ConfigureCallbackMemory);
        }

        Services.AddOptions<CallbackMemoryOptions>().Validate(options => options.Retention > TimeSpan.Zero && options.PruneInterval > TimeSpan.Zero,
            $"{WorkspaceAgentsOptions.SectionName}:{CallbackMemoryOptions.SectionName}: Retention and PruneInterval must be positive time spans.");
        Services.AddRecurringTask<PruneCallbackMemoryTask>();
        Services.AddOptions<RecurringTaskOptions>().Configure<IOptions<CallbackMemoryOptions>>((recurring, memory) =>
            recurring.Schedule.ConfigureTask<PruneCallbackMemoryTask>(memory.Value.PruneInterval));
    }
}
