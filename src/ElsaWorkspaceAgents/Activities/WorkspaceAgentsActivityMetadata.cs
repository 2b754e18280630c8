namespace ElsaWorkspaceAgents.Activities;

/// <summary>Designer metadata shared by every activity of the pack.</summary>
public static class WorkspaceAgentsActivityMetadata
{
    /// <summary>
    /// The activity namespace: type names read <c>ElsaWorkspaceAgents.TriggerWorkspaceAgent</c> and so on, Elsa's
    /// <c>{Namespace}.{Type}</c> without spaces. A third-party pack names itself as Elsa's own third-party modules do
    /// (<c>OrchardCore.*</c>, <c>Telnyx.*</c>): by its product and package ID; the <c>Elsa.*</c> prefix is Elsa's own modules'.
    /// </summary>
    public const string Namespace = "ElsaWorkspaceAgents";

    /// <summary>The toolbox category in Elsa Studio.</summary>
    public const string Category = "Workspace Agents";

    /// <summary>The common flow outcome of activities that only compute a value.</summary>
    public const string Done = "Done";

    /// <summary>The flow outcome taken when the activity's inputs cannot be used; the reason is in its Error output.</summary>
    public const string InvalidInput = "Invalid Input";
}
