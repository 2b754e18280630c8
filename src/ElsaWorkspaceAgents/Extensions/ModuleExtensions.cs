using Elsa.Features.Services;
using ElsaWorkspaceAgents.Features;

// Elsa's convention: module extensions live in Elsa.Extensions, so `elsa.UseWorkspaceAgents()` is found next to
// `elsa.UseHttp()` and `elsa.UseScheduling()` without another using directive.
// ReSharper disable once CheckNamespace
namespace Elsa.Extensions;

/// <summary>Registers the Workspace Agents activity pack on the Elsa builder.</summary>
public static class WorkspaceAgentsModuleExtensions
{
    /// <summary>
    /// Adds the Workspace Agents activities, the trigger core and its named connections (bound from the
    /// <c>WorkspaceAgents</c> configuration section and the <c>WORKSPACE_AGENT_*</c> environment variables).
    /// <code>
    /// builder.Services.AddElsa(elsa => elsa
    ///     .UseScheduling()
    ///     .UseWorkspaceAgents(agents => agents.ConfigureOptions = options => options.LogInputText = false));
    /// </code>
    /// </summary>
    public static IModule UseWorkspaceAgents(this IModule module, Action<WorkspaceAgentsFeature>? configure = null)
    {
        module.Configure(configure);
        return module;
    }
}
