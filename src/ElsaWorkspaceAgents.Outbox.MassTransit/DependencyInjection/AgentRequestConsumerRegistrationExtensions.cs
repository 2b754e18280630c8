using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Outbox.MassTransit.DependencyInjection;

/// <summary>Registers the outbox's queue consumer with a MassTransit bus.</summary>
public static class AgentRequestConsumerRegistrationExtensions
{
    /// <summary>
    /// Adds <see cref="AgentRequestConsumer"/> on the queue named by <see cref="AgentRequestConsumerOptions.QueueName"/>
    /// (options bound from <c>WorkspaceAgents:Outbox:Queue</c> when <paramref name="configuration"/> is the root, then
    /// <paramref name="configure"/>). The outbox itself comes from <c>AddAgentTriggerOutbox</c>; the endpoint is created by
    /// <c>ConfigureEndpoints(context)</c> in the transport set-up:
    /// <code>
    /// services.AddMassTransit(bus =>
    /// {
    ///     bus.AddAgentRequestConsumer(configuration);
    ///     bus.UsingRabbitMq((context, rabbit) => { rabbit.Host(new Uri("amqp://guest:guest@127.0.0.1:5672/")); rabbit.ConfigureEndpoints(context); });
    /// });
    /// </code>
    /// </summary>
    public static IBusRegistrationConfigurator AddAgentRequestConsumer(this IBusRegistrationConfigurator bus, IConfiguration? configuration = null,
        Action<AgentRequestConsumerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var options = bus.AddOptions<AgentRequestConsumerOptions>();
        if (configuration is not null)
        {
            var section = configuration.GetSection(AgentRequestConsumerOptions.SectionName);
            options.Bind(section.Exists() ? section : configuration);
        }

        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        bus.AddConsumer<AgentRequestConsumer, AgentRequestConsumerDefinition>();
        return bus;
    }
}
