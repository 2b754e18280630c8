using Elsa.Studio.Workflows.UI.Contracts;
using Elsa.Studio.Workflows.UI.Models;
using MudBlazor;

namespace ElsaWorkspaceAgents.Studio.DisplaySettings;

/// <summary>
/// An icon and colour per activity of the pack, keyed by the type names the server's descriptors carry
/// (<c>ElsaWorkspaceAgents.{Activity}</c>). Without it Studio draws all six with its generic icon. One colour family for the
/// pack: the steps that only compute (input, keys) lighter, the ones that call a platform stronger.
/// </summary>
public class WorkspaceAgentsActivityDisplaySettingsProvider : IActivityDisplaySettingsProvider
{
    /// <summary>The namespace of the pack's activity type names.</summary>
    public const string Namespace = "ElsaWorkspaceAgents";

    /// <summary>Activities that compute a value without calling anything.</summary>
    public const string ComputeColor = "#8b5cf6";

    /// <summary>Activities that call an agent platform.</summary>
    public const string TriggerColor = "#6d28d9";

    /// <summary>Waiting for a run's result.</summary>
    public const string WaitColor = "#4c1d95";

    /// <inheritdoc />
    public IDictionary<string, ActivityDisplaySettings> GetSettings() => new Dictionary<string, ActivityDisplaySettings>
    {
        [$"{Namespace}.BuildAgentInput"] = new(ComputeColor, Icons.Material.Outlined.EditNote),
        [$"{Namespace}.DeriveIdempotencyKey"] = new(ComputeColor, Icons.Material.Outlined.Key),
        [$"{Namespace}.DeriveConversationKey"] = new(ComputeColor, Icons.Material.Outlined.Forum),
        [$"{Namespace}.TriggerWorkspaceAgent"] = new(TriggerColor, Icons.Material.Outlined.SmartToy),
        [$"{Namespace}.TriggerAgent"] = new(TriggerColor, Icons.Material.Outlined.RocketLaunch),
        [$"{Namespace}.WaitForAgentResult"] = new(WaitColor, Icons.Material.Outlined.HourglassTop),
    };
}
