// Hosts the outbox's RabbitMQ queue consumer and its dispatcher against a SQLite file and an emulator, configured only
// through the environment (so neither the access token nor the broker password is on a command line):
//   Broker__RabbitMq                     the AMQP URI, e.g. amqp://guest:guest@127.0.0.1:5672/
//   WorkspaceAgents__Outbox__Queue__*    the consumer's options (QueueName, ConcurrentMessageLimit, ...)
//   and everything the dispatcher worker (tests/ElsaWorkspaceAgents.Reliability.Worker) reads.
// Prints "READY <process id>" once the bus is consuming and keeps going until killed or stopped.
using ElsaWorkspaceAgents.Core.DependencyInjection;
using ElsaWorkspaceAgents.Outbox.DependencyInjection;
using ElsaWorkspaceAgents.Outbox.MassTransit.DependencyInjection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});
var broker = new Uri(builder.Configuration["Broker:RabbitMq"] ?? throw new InvalidOperationException("Set Broker__RabbitMq to the AMQP URI."));
builder.Services.AddWorkspaceAgents(builder.Configuration);
builder.Services.AddAgentTriggerOutbox(builder.Configuration);
builder.Services.AddMassTransit(bus =>
{
    bus.AddAgentRequestConsumer(builder.Configuration);
    bus.UsingRabbitMq((context, rabbit) =>
    {
        rabbit.Host(broker);
        rabbit.ConfigureEndpoints(context);
    });
});
// READY must mean "consuming": the host's start waits for the bus.
builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);

using var host = builder.Build();
await host.StartAsync().ConfigureAwait(false);
Console.WriteLine($"READY {Environment.ProcessId}");
await host.WaitForShutdownAsync().ConfigureAwait(false);
