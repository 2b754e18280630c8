using System.CommandLine;
using ElsaWorkspaceAgents.Cli.Commands;

var global = new GlobalOptions();
var root = new RootCommand("elsa-agents: trigger AI-agent runs from business events (ChatGPT Workspace Agents, GPT Workbench, DocsGPT, Writer).");
root.Options.Add(global.Json);
root.Options.Add(global.Verbose);
root.Subcommands.Add(DemoCommand.Create(global));
root.Subcommands.Add(TriggerCommand.Create(global));
root.Subcommands.Add(PreviewCommand.Create(global));
root.Subcommands.Add(WaitCommand.Create(global));
return await root.Parse(args).InvokeAsync();
