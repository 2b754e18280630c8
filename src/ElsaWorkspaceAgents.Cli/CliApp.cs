using System.CommandLine;
using ElsaWorkspaceAgents.Cli.Commands;
using ElsaWorkspaceAgents.Cli.Output;

namespace ElsaWorkspaceAgents.Cli;

/// <summary>The command tree, built with the writers to use, so tests can run it in-process and read what it printed.</summary>
public static class CliApp
{
    public static RootCommand Create(TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var global = new GlobalOptions { Out = stdout ?? Console.Out, Error = stderr ?? Console.Error };
        var root = new RootCommand("elsa-agents: trigger AI-agent runs from business events (ChatGPT Workspace Agents, GPT Workbench, DocsGPT, Writer).");
        root.Options.Add(global.Json);
        root.Options.Add(global.Verbose);
        root.Subcommands.Add(DemoCommand.Create(global));
        root.Subcommands.Add(TriggerCommand.Create(global));
        root.Subcommands.Add(PreviewCommand.Create(global));
        root.Subcommands.Add(WaitCommand.Create(global));
        root.Subcommands.Add(ListenCommand.Create(global));
        root.Subcommands.Add(PublishCommand.Create(global));
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { Output = stdout ?? Console.Out, Error = stderr ?? Console.Error };
        var parse = Create(stdout, stderr).Parse(args);
        if (parse.Errors.Count > 0 && args.Contains("--json"))
        {
            // A script that asked for JSON reads stdout as one document, so a parse error is one too (help text would
            // not parse); the exit code is the invalid-input one every other refusal uses.
            var reporter = new Reporter(configuration.Output, configuration.Error, json: true);
            reporter.Document(new
            {
                error = string.Join(" ", parse.Errors.Select(e => e.Message)),
                errors = parse.Errors.Select(e => e.Message).ToArray(),
                exitCode = ExitCodes.InvalidInput,
            });
            return Task.FromResult(ExitCodes.InvalidInput);
        }

        return parse.InvokeAsync(configuration, cancellationToken);
    }
}
