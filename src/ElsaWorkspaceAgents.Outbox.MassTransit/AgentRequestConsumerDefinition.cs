using MassTransit;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Outbox.MassTransit;

/// <summary>
/// The consumer's endpoint: its queue name and concurrency from <see cref="AgentRequestConsumerOptions"/>, plain JSON
/// accepted, and the one retry decision — a store that failed for a passing reason is retried a few times; a refused or
/// unreadable message is dead-lettered at once.
/// </summary>
public sealed class AgentRequestConsumerDefinition : ConsumerDefinition<AgentRequestConsumer>
{
    private readonly AgentRequestConsumerOptions options;

    public AgentRequestConsumerDefinition(IOptions<AgentRequestConsumerOptions> options)
    {
        this.options = options.Value;
        EndpointName = this.options.QueueName;
        ConcurrentMessageLimit = this.options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AgentRequestConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Without the message exchange binding only messages sent to this queue by name arrive.
        endpointConfigurator.ConfigureConsumeTopology = options.ReceivePublished;
        if (options.AcceptRawJson)
        {
            // Plain JSON (content type application/json, or none) is read as an AgentRequest; MassTransit's envelope still works.
            endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        }

        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Exponential(options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryMinInterval);
            retry.Ignore<Exception>(AgentRequestFailures.IsMessageProblem);
        });
    }
}
