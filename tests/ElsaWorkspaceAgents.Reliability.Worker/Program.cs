// Hosts the outbox dispatcher against a SQLite file and an emulator, configured only through the environment
// (so the access token never appears on a command line):
//   WorkspaceAgents__Connections__<name>__BaseUrl / __TriggerId / __Token
//   WorkspaceAgents__Outbox__ConnectionString (e.g. "Data Source=/tmp/outbox.db"), other WorkspaceAgents__Outbox__* options
//   WorkspaceAgents__Retry__* options
// Prints "READY <worker id>" once the dispatcher is running and keeps going until killed or stopped.
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Outbox.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});
builder.Services.AddWorkspaceAgents(builder.Configuration);
builder.Services.AddAgentTriggerOutbox(builder.Configuration);

using var host = builder.Build();
await host.StartAsync().ConfigureAwait(false);
Console.WriteLine($"READY {Environment.ProcessId}");
await host.WaitForShutdownAsync().ConfigureAwait(false);
