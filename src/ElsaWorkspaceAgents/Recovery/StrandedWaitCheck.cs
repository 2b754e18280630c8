namespace ElsaWorkspaceAgents.Recovery;

/// <summary>What one stranded-wait check did.</summary>
/// <param name="Suspended">Suspended workflow instances in the store.</param>
/// <param name="Read">Of those, the instances read in full: those of workflow versions that contain Wait For Agent Result.</param>
/// <param name="Resumed">Stranded waits resumed by this check.</param>
internal sealed record StrandedWaitCheck(int Suspended, int Read, int Resumed);
