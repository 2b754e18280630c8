using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Infrastructure;

/// <summary>A test class with one sample host (real Kestrel, its own SQLite file) pointed at its own emulator for all its tests.</summary>
public abstract class RunningSampleHostTest(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string database = SampleHostRunner.NewDatabasePath();

    protected ITestOutputHelper Output { get; } = output;

    protected TestEmulator Emulator { get; private set; } = null!;

    protected SampleHostRunner Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await TestEmulator.StartAsync();
        Host = await SampleHostRunner.StartAsync(Output, Emulator, database);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Emulator.DisposeAsync();
        SampleHostRunner.DeleteDatabase(database);
    }
}
