namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>What chaos does to one request: accumulated latency plus at most one disruptive rule.</summary>
/// <param name="LatencyMs">Delay before anything else.</param>
/// <param name="Disruption">The first disruptive rule that fired, if any.</param>
internal sealed record ChaosDecision(int LatencyMs, ChaosRule? Disruption)
{
    public static readonly ChaosDecision None = new(0, null);
}
