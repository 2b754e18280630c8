using System.CommandLine;
using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary><c>preview</c>: print exactly what <c>trigger</c> would send, credentials masked; send nothing.</summary>
public static class PreviewCommand
{
    public static Command Create(GlobalOptions global)
    {
        var options = new TriggerOptions();
        var command = new Command("preview", "Print the exact request a trigger would send (token masked) without sending it: test in Preview first.");
        options.AddTo(command);
        command.SetAction(async parse =>
        {
            var reporter = global.Reporter(parse);
            try
            {
                var connection = options.Connection(parse, Environment.GetEnvironmentVariable);
                var request = options.Request(parse, connection, () => DateTimeOffset.UtcNow);
                await using var services = CliServices.Build(connection, parse.GetValue(global.Verbose));
                var preview = services.GetRequiredService<IAgentTriggerService>().Preview(request, CliServices.ConnectionName);
                if (reporter.Json)
                {
                    reporter.Document(new { preview, request.IdempotencyKey, request.ConversationKey, request.SourceRequestId, input = request.Input });
                    return ExitCodes.Success;
                }

                reporter.Line($"{preview.Method} {preview.Url}");
                foreach (var (name, value) in preview.Headers)
                {
                    reporter.Line($"{name}: {value}");
                }

                reporter.Line();
                reporter.Line(preview.Body);
                reporter.Line();
                reporter.Line("Agent input (paste it into the agent's Preview to check what the agent will do):");
                reporter.Line(request.Input);
                return ExitCodes.Success;
            }
            catch (Exception exception) when (exception is AgentInputException or IOException)
            {
                return global.Fail(reporter, exception.Message, ExitCodes.InvalidInput);
            }
        });
        return command;
    }
}
