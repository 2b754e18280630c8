using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Hosting;

/// <summary>How to start an emulator.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The world to emulate. Null: <see cref="FixturePath"/> if set, else <see cref="DemoFixture.Create"/>.</summary>
    public EmulatorFixture? Fixture { get; set; }

    /// <summary>A fixture JSON file, used when <see cref="Fixture"/> is null.</summary>
    public string? FixturePath { get; set; }

    /// <summary>Kestrel URLs; the default binds loopback on a free port (read it back from <see cref="EmulatorHost.BaseAddress"/>).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>
    /// Clock for timestamps, idempotency windows (24 h) and rate-limit windows (1 h). Pass a fake to test expiry
    /// without waiting; processing delays are unaffected (see <see cref="EmulatorTimings"/>).
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Simulated processing delays.</summary>
    public EmulatorTimings Timings { get; set; } = new();

    /// <summary>
    /// Logging setup for the embedded host. Null leaves the host silent (no providers), which suits tests and the CLI demo.
    /// Whatever is configured, request-path logging of ASP.NET Core is kept off because two platforms carry secrets in the path.
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
