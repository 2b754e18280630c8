using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>Starts a real emulator on loopback with fast timings and an optionally tweaked demo fixture.</summary>
internal static class TestEmulator
{
    public static Task<EmulatorHost> StartAsync(
        Action<EmulatorFixture>? customize = null,
        TimeProvider? time = null,
        Action<EmulatorTimings>? timings = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var fixture = DemoFixture.Create();
        customize?.Invoke(fixture);
        var fast = EmulatorTimings.Fast();
        timings?.Invoke(fast);
        return EmulatorHost.StartAsync(new EmulatorOptions
        {
            Fixture = fixture,
            TimeProvider = time ?? TimeProvider.System,
            Timings = fast,
            ConfigureLogging = logging,
        });
    }
}
