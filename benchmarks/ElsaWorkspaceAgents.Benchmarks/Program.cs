// Two modes in one project:
//   (no "load")  BenchmarkDotNet micro-benchmarks; BenchmarkDotNet's own arguments apply, e.g. --filter '*Key*'.
//   load         the end-to-end load harness: full trigger pipeline against a plain HttpClient POST, same embedded emulator.
using BenchmarkDotNet.Running;
using ElsaWorkspaceAgents.Benchmarks.Load;

if (args.Length > 0 && args[0] == "load")
{
    return await LoadHarness.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(LoadHarness).Assembly).Run(args);
return 0;
