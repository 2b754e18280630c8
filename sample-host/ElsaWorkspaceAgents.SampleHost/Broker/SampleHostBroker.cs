using Elsa.Extensions;
using Elsa.Features.Services;
using ElsaWorkspaceAgents.Core.Messages;
using MassTransit;

namespace ElsaWorkspaceAgents.SampleHost.Broker;

/// <summary>
/// Where the sample host's queue messages come from: Elsa's MassTransit integration with <see cref="AgentRequest"/>
/// registered as a message type, so the designer offers an <em>Agent Request</em> trigger (and a Publish activity) and
/// the queue workflow starts from it. Over RabbitMQ when <c>Broker:RabbitMq</c> holds an AMQP URI; otherwise over
/// MassTransit's in-memory transport, in-process, as before a broker is set up.
/// </summary>
public static class SampleHostBroker
{
    /// <summary>The RabbitMQ AMQP URI, e.g. <c>amqp://guest:guest@127.0.0.1:5672/</c> (environment: <c>Broker__RabbitMq</c>).</summary>
    public const string RabbitMqKey = "Broker:RabbitMq";

    /// <summary>Adds Elsa's MassTransit feature with the agent-request message type, over RabbitMQ when configured.</summary>
    public static IModule UseSampleHostBroker(this IModule elsa, IConfiguration configuration)
    {
        var rabbitMq = RabbitMqAddress(configuration);
        return elsa.UseMassTransit(massTransit =>
        {
            massTransit.AddMessageType<AgentRequest>();
            if (rabbitMq is not null)
            {
                massTransit.UseRabbitMq(rabbitMq.AbsoluteUri, rabbit => rabbit.ConfigureTransportBus = (context, bus) =>
                {
                    // Plain JSON (content type application/json) from any AMQP client is read too, beside MassTransit's envelope.
                    bus.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: false);
                    bus.ConnectConsumeObserver(ActivatorUtilities.CreateInstance<AgentRequestDeliveryLog>(context));
                });
            }
        });
    }

    /// <summary>What the host logs at start: the transport and, for RabbitMQ, the broker address without credentials.</summary>
    public static string Describe(IConfiguration configuration) => RabbitMqAddress(configuration) is { } address
        ? $"RabbitMQ at {new UriBuilder(address) { UserName = string.Empty, Password = string.Empty }.Uri} ({RabbitMqKey})"
        : $"in-process (MassTransit's in-memory transport; set {RabbitMqKey} to an AMQP URI to use RabbitMQ)";

    /// <summary>The configured broker, or null for the in-process default.</summary>
    /// <exception cref="InvalidOperationException">The setting is not an AMQP URI.</exception>
    public static Uri? RabbitMqAddress(IConfiguration configuration)
    {
        var value = configuration[RabbitMqKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "rabbitmq" or "rabbitmqs"
            ? uri
            : throw new InvalidOperationException($"{RabbitMqKey} must be an AMQP URI such as amqp://user:password@host:5672/vhost.");
    }
}
