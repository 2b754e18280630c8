using ElsaWorkspaceAgents.Outbox.MassTransit.DependencyInjection;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>Shared set-up for the queue scenarios: one fresh queue per test, the consumer hosted like a real worker.</summary>
internal static class QueueScenario
{
    /// <summary>A queue name no other test (or earlier run against the same broker) uses.</summary>
    public static string NewQueueName(string scenario) => $"agent-requests-{scenario}-{Guid.NewGuid():N}"[..48];

    /// <summary>
    /// The dispatcher settings plus the broker and the consumer's queue, for an in-process host or a worker process. The
    /// queue takes only what a test sends to it by name unless <paramref name="receivePublished"/>: the broker is shared
    /// with other test runs (the CLI's publish tests among them, in another process), and a request published there
    /// reaches every queue bound to the message exchange.
    /// </summary>
    public static Dictionary<string, string?> Settings(ReliabilityWorld world, TempDatabase database, string queue, TimeSpan? lease = null,
        bool receivePublished = false)
    {
        var settings = DispatcherSettings.For(world.BaseAddress, database.ConnectionString, lease);
        settings["Broker:RabbitMq"] = RabbitMqTestBroker.Address.AbsoluteUri;
        settings["WorkspaceAgents:Outbox:Queue:QueueName"] = queue;
        settings["WorkspaceAgents:Outbox:Queue:ConnectionName"] = ReliabilityWorld.ConnectionName;
        settings["WorkspaceAgents:Outbox:Queue:RetryMinInterval"] = "00:00:00.050";
        settings["WorkspaceAgents:Outbox:Queue:RetryMaxInterval"] = "00:00:00.500";
        settings["WorkspaceAgents:Outbox:Queue:ReceivePublished"] = receivePublished ? "true" : "false";
        return settings;
    }

    /// <summary>The consumer and the dispatcher in the test process (every log record captured), bus started and consuming.</summary>
    public static Task<DispatcherHost> StartConsumerAsync(Dictionary<string, string?> settings) =>
        DispatcherHost.StartAsync(settings, services: AddRabbitMqConsumer);

    /// <summary>What the queue worker's Program.cs does: the consumer on a RabbitMQ bus from <c>Broker:RabbitMq</c>.</summary>
    private static void AddRabbitMqConsumer(IServiceCollection services, IConfiguration configuration)
    {
        services.AddMassTransit(bus =>
        {
            bus.AddAgentRequestConsumer(configuration);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(configuration["Broker:RabbitMq"]!));
                rabbit.ConfigureEndpoints(context);
            });
        });
        services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
    }
}
