using ElsaWorkspaceAgents.Emulator.Chaos;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;
using ElsaWorkspaceAgents.Emulator.Platforms.Writer;

namespace ElsaWorkspaceAgents.Emulator.State;

/// <summary>
/// Typed access to everything the emulator holds, for assertions in tests and for the CLI demo.
/// Each platform's state is thread-safe and hands out immutable snapshots.
/// </summary>
public sealed class EmulatorState
{
    private readonly object gate = new();
    private EmulatorFixture fixture;

    internal EmulatorState(TimeProvider time, EmulatorFixture fixture)
    {
        WorkspaceAgents = new WorkspaceAgentsState(time);
        GptWorkbench = new GptWorkbenchState(time);
        DocsGpt = new DocsGptState(time);
        Writer = new WriterState(time);
        Chaos = new ChaosEngine(time);
        this.fixture = fixture;
        Reset(fixture);
    }

    /// <summary>ChatGPT Workspace Agents: runs, destinations, approvals, conversations.</summary>
    public WorkspaceAgentsState WorkspaceAgents { get; }

    /// <summary>GPT Workbench: triggers, execution logs, thread histories, webhook deliveries.</summary>
    public GptWorkbenchState GptWorkbench { get; }

    /// <summary>DocsGPT: agent webhook tasks.</summary>
    public DocsGptState DocsGpt { get; }

    /// <summary>Writer: async jobs and every started blueprint execution.</summary>
    public WriterState Writer { get; }

    /// <summary>Fault injection rules and the events they produced.</summary>
    public ChaosEngine Chaos { get; }

    /// <summary>A copy of the fixture the world was last reset to.</summary>
    public EmulatorFixture Fixture
    {
        get
        {
            lock (gate)
            {
                return this.fixture.Clone();
            }
        }
    }

    /// <summary>
    /// Forgets all runs, tasks, jobs, logs and chaos events and reloads the world from <paramref name="fixture"/>
    /// (or from the current fixture when null). Work still in flight for the old world finds nothing to update and stops.
    /// </summary>
    public void Reset(EmulatorFixture? fixture = null)
    {
        lock (gate)
        {
            var next = (fixture ?? this.fixture).Clone();
            FixtureValidator.Validate(next);
            this.fixture = next;
            WorkspaceAgents.Load(next.WorkspaceAgents);
            GptWorkbench.Load(next.GptWorkbench);
            DocsGpt.Load(next.DocsGpt);
            Writer.Load(next.Writer);
            Chaos.Load(next.Chaos);
        }
    }
}
