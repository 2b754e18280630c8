namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>A chaos rule that fired, for assertions and the admin API.</summary>
/// <param name="At">When it fired.</param>
/// <param name="Platform">Platform of the request.</param>
/// <param name="Target">Channel/trigger/agent/blueprint id of the request, when known.</param>
/// <param name="Mode">What was done.</param>
/// <param name="RuleId">The rule's label.</param>
public sealed record ChaosEvent(DateTimeOffset At, ChaosPlatform Platform, string? Target, ChaosMode Mode, string? RuleId);
