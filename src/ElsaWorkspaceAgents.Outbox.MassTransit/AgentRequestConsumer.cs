using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Messages;
using ElsaWorkspaceAgents.Outbox.MassTransit.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Outbox.MassTransit;

/// <summary>
/// Stores each <see cref="AgentRequest"/> in the trigger outbox; the outbox's dispatcher sends it. The broker is
/// acknowledged only when this returns, that is after the row is committed, so a crash between receive and store
/// redelivers the message instead of losing it, and the redelivery finds the row by its idempotency key (derived from
/// the message ID) and stores nothing new. A message the outbox refuses (no message ID, over the platform's input limit,
/// invalid text) fails with <see cref="AgentInputException"/>: it is dead-lettered at once, nothing stored or sent.
/// </summary>
public sealed class AgentRequestConsumer : IConsumer<AgentRequest>
{
    private readonly IAgentTriggerOutbox outbox;
    private readonly AgentRequestConsumerOptions options;
    private readonly ILogger logger;

    public AgentRequestConsumer(IAgentTriggerOutbox outbox, IOptions<AgentRequestConsumerOptions> options, ILoggerFactory loggerFactory)
    {
        this.outbox = outbox;
        this.options = options.Value;
        logger = loggerFactory.CreateLogger(AgentRequestConsumerLog.CategoryName);
    }

    public async Task Consume(ConsumeContext<AgentRequest> context)
    {
        OutboxEnqueueResult result;
        try
        {
            var sourceEvent = context.Message.ToSourceEvent();
            result = await outbox.EnqueueAsync(sourceEvent, options.ConnectionName, context.CancellationToken).ConfigureAwait(false);
        }
        catch (AgentInputException exception)
        {
            // Not retried (AgentRequestFailures): MassTransit moves the message to the _error queue with this reason.
            AgentRequestConsumerLog.Refused(logger, context.MessageId, exception.Message);
            throw;
        }

        var messageId = context.Message.MessageId!;
        if (result.Created)
        {
            AgentRequestConsumerLog.Stored(logger, messageId, result.Entry.Id, result.Entry.SourceRequestId, result.Entry.IdempotencyKey);
        }
        else
        {
            AgentRequestConsumerLog.Duplicate(logger, messageId, result.Entry.Id, result.Entry.IdempotencyKey);
        }
    }
}
