namespace ElsaWorkspaceAgents.Benchmarks.Elsa;

/// <summary>The connection Trigger Workspace Agent uses: the load world's channel and token, configured in the host.</summary>
internal static class LoadWorldConnection
{
    public const string Name = "bench";
}
