using Elsa.Extensions;
using Elsa.Testing.Shared;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.SampleHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Infrastructure;

/// <summary>Elsa test fixtures with the pack registered and its connections pointed at an emulator.</summary>
public static class ElsaTestFixtures
{
    /// <summary>A short retry budget so failure paths stay quick.</summary>
    public static void FastRetries(WorkspaceAgentsOptions options)
    {
        options.Retry.MaxAttempts = 2;
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        options.Retry.AttemptTimeout = TimeSpan.FromSeconds(5);
        options.Retry.TotalTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>The sample's connections (default, docsgpt, writer, gpt-workbench) to <paramref name="emulator"/>, adjusted by <paramref name="configure"/>.</summary>
    public static Action<WorkspaceAgentsOptions> Connections(TestEmulator emulator, Action<WorkspaceAgentsOptions>? configure = null) => options =>
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(EmulatorConnections.AsConfiguration(emulator.BaseAddress)).Build();
        configuration.GetSection(WorkspaceAgentsOptions.SectionName).Bind(options);
        FastRetries(options);
        configure?.Invoke(options);
    };

    /// <summary>An Elsa workflow fixture (Elsa.Testing.Shared.Integration) with <c>UseWorkspaceAgents</c> and the emulator connections.</summary>
    public static WorkflowTestFixture Workflows(ITestOutputHelper output, TestEmulator emulator, Action<WorkspaceAgentsOptions>? configure = null) =>
        new WorkflowTestFixture(output).ConfigureElsa(elsa => elsa.UseWorkspaceAgents(agents => agents.ConfigureOptions = Connections(emulator, configure)));

    /// <summary>Services for <see cref="ActivityTestFixture"/>: the trigger core with the emulator connections.</summary>
    public static ActivityTestFixture WithAgents(this ActivityTestFixture fixture, TestEmulator? emulator, Action<WorkspaceAgentsOptions>? configure = null) =>
        fixture.ConfigureServices(services => services.AddWorkspaceAgents(configure: emulator is null
            ? options => { FastRetries(options); configure?.Invoke(options); }
            : Connections(emulator, configure)));
}
