namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>Fault injection for the trigger endpoints; set in the fixture or with <c>PUT /_emulator/chaos</c>.</summary>
public sealed class ChaosSettings
{
    /// <summary>Seed for probability rolls, so a chaotic run can be replayed exactly.</summary>
    public int Seed { get; set; } = 12345;

    /// <summary>Rules, evaluated in order for every trigger request.</summary>
    public List<ChaosRule> Rules { get; set; } = [];
}
