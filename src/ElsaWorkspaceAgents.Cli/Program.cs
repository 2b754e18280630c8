using ElsaWorkspaceAgents.Cli;

return await CliApp.InvokeAsync(args);
