using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;

// Standalone: dotnet run --project src/ElsaWorkspaceAgents.Emulator -- --urls http://127.0.0.1:5080 [--fixture path.json]
if (args.Contains("--print-demo-fixture"))
{
    // The built-in fixture in the documented file format: a starting point for custom fixtures.
    Console.WriteLine(FixtureLoader.Serialize(DemoFixture.Create()));
    return 0;
}

try
{
    var app = EmulatorApplication.Build(new EmulatorOptions(), args, standalone: true);
    await app.RunAsync();
    return 0;
}
catch (FixtureException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
