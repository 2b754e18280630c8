using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Chaos;
using ElsaWorkspaceAgents.Emulator.Common;

namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>
/// Everything the emulator pretends exists on the four platforms: agents, tokens, triggers, blueprints and chaos rules.
/// A fixture replaces the whole world at once (start-up, <c>--fixture</c>, or <c>POST /_emulator/reset</c>).
/// </summary>
public sealed class EmulatorFixture
{
    /// <summary>ChatGPT Workspace Agents: agents, API channels, access tokens and destinations.</summary>
    public WorkspaceAgentsFixture WorkspaceAgents { get; set; } = new();

    /// <summary>GPT Workbench: threads and their API triggers.</summary>
    public GptWorkbenchFixture GptWorkbench { get; set; } = new();

    /// <summary>DocsGPT: agents reachable through webhook tokens.</summary>
    public DocsGptFixture DocsGpt { get; set; } = new();

    /// <summary>Writer Agent Builder: API keys, agents and blueprints.</summary>
    public WriterFixture Writer { get; set; } = new();

    /// <summary>Fault injection applied to the trigger endpoints.</summary>
    public ChaosSettings Chaos { get; set; } = new();

    /// <summary>A deep copy, so callers can tweak the demo fixture without touching the shared default.</summary>
    public EmulatorFixture Clone() =>
        JsonSerializer.Deserialize<EmulatorFixture>(JsonSerializer.Serialize(this, ApiJson.Admin), ApiJson.Admin)!;
}
