using System.CommandLine;
using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary><c>trigger</c>: send one event to a real endpoint (or any base URL) and report the outcome.</summary>
public static class TriggerCommand
{
    public static Command Create(GlobalOptions global)
    {
        var options = new TriggerOptions();
        var command = new Command("trigger", "Send one source event to an agent trigger and report the outcome. " + ExitCodes.Description);
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reporter = global.Reporter(parse);
            try
            {
                var connection = options.Connection(parse, Environment.GetEnvironmentVariable);
                var request = options.Request(parse, connection, () => DateTimeOffset.UtcNow);
                await using var services = CliServices.Build(connection, parse.GetValue(global.Verbose));
                var outcome = await services.GetRequiredService<IAgentTriggerService>()
                    .TriggerAsync(request, CliServices.ConnectionName, cancellationToken);
                if (reporter.Json)
                {
                    reporter.Document(outcome);
                }

                OutcomeView.Print(reporter, outcome);
                return ExitCodes.For(outcome.Kind);
            }
            catch (Exception exception) when (exception is AgentInputException or IOException)
            {
                return global.Fail(reporter, exception.Message, ExitCodes.InvalidInput);
            }
        });
        return command;
    }
}
