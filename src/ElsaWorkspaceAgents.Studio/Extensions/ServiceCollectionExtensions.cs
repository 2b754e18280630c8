using Elsa.Studio.Contracts;
using Elsa.Studio.Workflows.Extensions;
using ElsaWorkspaceAgents.Studio.DisplaySettings;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Studio.Extensions;

/// <summary>Registers the Workspace Agents module in Elsa Studio, next to <c>AddWorkflowsModule()</c>.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the module: an icon and colour for each Workspace Agents activity.
    /// <code>
    /// builder.Services.AddWorkflowsModule();
    /// builder.Services.AddWorkspaceAgentsModule();
    /// </code>
    /// </summary>
    public static IServiceCollection AddWorkspaceAgentsModule(this IServiceCollection services) => services
        .AddScoped<IFeature, WorkspaceAgentsStudioFeature>()
        .AddActivityDisplaySettingsProvider<WorkspaceAgentsActivityDisplaySettingsProvider>();
}
