using System.Reflection;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Triggering;
using Elsa.Workflows.UIHints.Dropdown;

namespace ElsaWorkspaceAgents.UIHints;

/// <summary>
/// Fills the Connection drop-downs in Elsa Studio with the connection names configured in the host
/// (<c>WorkspaceAgents:Connections:{name}</c>), each labelled with its platform as the platform calls itself (<c>default (Workspace Agents)</c>). Only names are listed: credentials stay
/// in host configuration and never reach the designer or the workflow JSON. An input marked with
/// <see cref="ConnectionPlatformsAttribute"/> lists only connections of those platforms.
/// </summary>
public sealed class AgentConnectionOptionsProvider(IAgentConnectionRegistry connections) : DropDownOptionsProviderBase
{
    /// <inheritdoc />
    protected override ValueTask<ICollection<SelectListItem>> GetItemsAsync(PropertyInfo propertyInfo, object? context, CancellationToken cancellationToken)
    {
        var platforms = (propertyInfo.GetCustomAttribute<ConnectionPlatformsAttribute>()
                         ?? propertyInfo.ReflectedType?.GetCustomAttribute<ConnectionPlatformsAttribute>())?.Platforms;
        var items = new List<SelectListItem>();
        foreach (var name in connections.Names.Order(StringComparer.OrdinalIgnoreCase))
        {
            var platform = connections.Describe(name).Platform;
            if (platforms is null || platforms.Contains(platform))
            {
                items.Add(new SelectListItem($"{name} ({AgentPlatformNames.DisplayName(platform)})", name));
            }
        }

        if (items.Count == 0)
        {
            // Nothing configured yet: offer the default name so a new workflow still has a sensible value.
            items.Add(new SelectListItem($"{WorkspaceAgentsOptions.DefaultConnectionName} (not configured)", WorkspaceAgentsOptions.DefaultConnectionName));
        }

        return new(items);
    }
}
