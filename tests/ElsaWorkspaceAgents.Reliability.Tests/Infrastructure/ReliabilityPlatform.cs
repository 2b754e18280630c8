using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Chaos;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>One of the four platforms as the suite drives it: its outbox connection and how the emulator names it.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="ConnectionName">The outbox connection that points at the emulator's reliability fixture for it.</param>
/// <param name="EmulatorName">The platform's name in the emulator's admin API (<c>/_emulator/starts?platform=…</c>).</param>
/// <param name="Short">A short label for event IDs and reports.</param>
internal sealed record ReliabilityPlatform(AgentPlatform Platform, string ConnectionName, string EmulatorName, string Short)
{
    public static readonly ReliabilityPlatform WorkspaceAgents =
        new(AgentPlatform.WorkspaceAgents, ReliabilityWorld.ConnectionName, "workspace_agents", "wa");

    public static readonly ReliabilityPlatform GptWorkbench = new(AgentPlatform.GptWorkbench, "reliability-gpt-workbench", "gpt_workbench", "gw");

    public static readonly ReliabilityPlatform DocsGpt = new(AgentPlatform.DocsGpt, "reliability-docsgpt", "docsgpt", "dg");

    public static readonly ReliabilityPlatform Writer = new(AgentPlatform.Writer, "reliability-writer", "writer", "wr");

    public static IReadOnlyList<ReliabilityPlatform> All { get; } = [WorkspaceAgents, GptWorkbench, DocsGpt, Writer];

    /// <summary>Exactly once where the key deduplicates, at most once elsewhere.</summary>
    public bool HonoursIdempotencyKey => ResendPolicy.HonoursIdempotencyKey(Platform);

    public ChaosPlatform Chaos => Platform switch
    {
        AgentPlatform.WorkspaceAgents => ChaosPlatform.WorkspaceAgents,
        AgentPlatform.GptWorkbench => ChaosPlatform.GptWorkbench,
        AgentPlatform.DocsGpt => ChaosPlatform.DocsGpt,
        _ => ChaosPlatform.Writer,
    };

    public override string ToString() => Platform.ToString();
}
