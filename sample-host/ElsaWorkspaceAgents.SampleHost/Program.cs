using ElsaWorkspaceAgents.SampleHost;

// dotnet run --project sample-host/ElsaWorkspaceAgents.SampleHost -- --urls http://127.0.0.1:5000
var host = await SampleHostApplication.CreateAsync(args);
await host.RunAsync();
