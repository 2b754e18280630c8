using ElsaWorkspaceAgents.Core.Messages;
using MassTransit;

namespace ElsaWorkspaceAgents.SampleHost.Broker;

/// <summary>
/// One log line per <see cref="AgentRequest"/> this node starts consuming, saying whether the broker delivered it before
/// (to a consumer that died or gave it back before acknowledging it): in a cluster, which node took which message, and
/// what a killed node left to the others.
/// </summary>
internal sealed partial class AgentRequestDeliveryLog(ILogger<AgentRequestDeliveryLog> logger) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is AgentRequest request)
        {
            Received(logger, request.MessageId, request.RequestId, context.ReceiveContext.Redelivered);
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Queue message {MessageId} (request {RequestId}) received from the broker; redelivered: {Redelivered}")]
    private static partial void Received(ILogger logger, string? messageId, string? requestId, bool redelivered);
}
