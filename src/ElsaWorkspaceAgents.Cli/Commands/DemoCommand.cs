using System.CommandLine;
using ElsaWorkspaceAgents.Cli.Demo;
using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Emulator.Hosting;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary>
/// <c>demo</c>: the seed's end-to-end flow against an in-process emulator, so a fresh machine with no credentials
/// and no internet sees a verified run. Exits 0 only when every chosen platform's result was verified.
/// </summary>
public static class DemoCommand
{
    private static readonly IReadOnlyDictionary<string, Func<DemoEnvironment, CancellationToken, Task<DemoResult>>> Scenarios =
        new Dictionary<string, Func<DemoEnvironment, CancellationToken, Task<DemoResult>>>(StringComparer.OrdinalIgnoreCase)
        {
            ["workspace-agents"] = WorkspaceAgentsDemo.RunAsync,
            ["gpt-workbench"] = RunTrackingDemo.GptWorkbenchAsync,
            ["docsgpt"] = RunTrackingDemo.DocsGptAsync,
            ["writer"] = RunTrackingDemo.WriterAsync,
        };

    public static Command Create(GlobalOptions global)
    {
        var platform = new Option<string>("--platform")
        {
            Description = "Which platform's flow to run, or 'all'.",
            DefaultValueFactory = _ => "workspace-agents",
        };
        platform.AcceptOnlyFromAmong(["all", .. Scenarios.Keys]);
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each result.", DefaultValueFactory = _ => 30 };
        var command = new Command("demo", "Run the end-to-end demo against a local emulator: trigger, print HTTP 202, the request ID and the idempotency key, then verify the agent's write. " + ExitCodes.Description);
        command.Options.Add(platform);
        command.Options.Add(timeout);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reporter = global.Reporter(parse);
            await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken);
            reporter.Line($"Emulator listening on {emulator.BaseAddress}");
            var environment = new DemoEnvironment(emulator.BaseAddress, reporter, TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(global.Verbose));
            var chosen = parse.GetValue(platform)!;
            var results = new List<DemoResult>();
            foreach (var (name, run) in Scenarios)
            {
                if (chosen.Equals("all", StringComparison.OrdinalIgnoreCase) || chosen.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    var result = await run(environment, cancellationToken);
                    results.Add(result);
                    if (result.Problem is not null)
                    {
                        reporter.Problem($"{name}: {result.Problem}");
                    }

                    reporter.Line(result.Verified ? $"Verified: {name}" : $"NOT verified: {name}");
                    reporter.Line();
                }
            }

            if (reporter.Json)
            {
                reporter.Document(new { verified = results.All(r => r.Verified), results });
            }

            return results.FirstOrDefault(r => !r.Verified)?.ExitCode ?? ExitCodes.Success;
        });
        return command;
    }
}
