using System.CommandLine;
using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary><c>wait</c>: follow a run to its end, printing each status change as it happens.</summary>
public static class WaitCommand
{
    public static Command Create(GlobalOptions global)
    {
        var options = new TriggerOptions();
        var runId = new Option<string>("--run-id") { Description = "The job/task ID a trigger returned.", Required = true };
        var timeout = new Option<int>("--timeout") { Description = "Give up after this many seconds.", DefaultValueFactory = _ => 600 };
        var command = new Command("wait", "Follow a GPT Workbench job, DocsGPT task or Writer job until it finishes. " + ExitCodes.Description);
        command.Options.Add(options.Platform);
        command.Options.Add(options.BaseUrl);
        command.Options.Add(options.TokenEnv);
        command.Options.Add(runId);
        command.Options.Add(timeout);
        options.Platform.AcceptOnlyFromAmong([.. PlatformNames.All.Keys]);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reporter = global.Reporter(parse);
            try
            {
                var connection = options.Connection(parse, Environment.GetEnvironmentVariable);
                await using var services = CliServices.Build(connection, parse.GetValue(global.Verbose));
                var tracker = services.GetRequiredService<IAgentRunTracker>();
                var wait = new RunWaitOptions { Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) };
                return await FollowAsync(reporter, tracker, CliServices.ConnectionName, parse.GetValue(runId)!, wait, cancellationToken);
            }
            catch (Exception exception) when (exception is AgentInputException or RunTrackingException)
            {
                return global.Fail(reporter, exception.Message, ExitCodes.InvalidInput);
            }
        });
        return command;
    }

    /// <summary>Prints each status change and returns the exit code for how the run ended.</summary>
    public static async Task<int> FollowAsync(Reporter reporter, IAgentRunTracker tracker, string connectionName, string runId,
        RunWaitOptions wait, CancellationToken cancellationToken)
    {
        var updates = new List<RunSnapshot>();
        await foreach (var snapshot in tracker.WatchAsync(connectionName, runId, wait, cancellationToken))
        {
            updates.Add(snapshot);
            reporter.Line($"{snapshot.ObservedAt:HH:mm:ss} {snapshot.RawStatus} ({snapshot.State})");
        }

        var last = updates[^1];
        if (reporter.Json)
        {
            reporter.Document(new { runId, final = last, updates = updates.Select(u => new { u.RawStatus, u.State, u.ObservedAt }) });
        }
        else if (last.IsTerminal)
        {
            reporter.Line(last.State == RunState.Succeeded ? $"Output: {last.Output}" : $"Error: {last.Error ?? last.Output}");
            if (last.State == RunState.Succeeded && last.Answer is { } answer && answer != last.Output)
            {
                reporter.Line($"Answer: {answer}");
            }
        }
        else if (last.NoLongerObservable)
        {
            reporter.Problem($"The platform no longer reports this run ({last.RawStatus}): {last.Error}");
        }
        else
        {
            reporter.Problem($"The run had not finished after {wait.Timeout.TotalSeconds:0} s (last status: {last.RawStatus})." +
                             (last.Hint is { } hint ? " " + hint : string.Empty));
        }

        return last.State switch
        {
            RunState.Succeeded => ExitCodes.Success,
            RunState.Failed => ExitCodes.RunFailed,
            _ => ExitCodes.NotVerified,
        };
    }
}
