using ElsaWorkspaceAgents.Core.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Core.Tests.Infrastructure;

/// <summary>
/// A test class with its own emulator on loopback and the production service graph pointed at it; each class says
/// only which connections and retry budget it needs.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    protected EmulatorServer Emulator { get; } = new();

    protected ServiceProvider Services { get; private set; } = null!;

    /// <summary>Adds the class's connections (the emulator is already listening, so <see cref="Emulator"/>'s address is known).</summary>
    protected abstract void Configure(WorkspaceAgentsOptions options);

    public async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        Services = TestServices.Build(Configure);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
