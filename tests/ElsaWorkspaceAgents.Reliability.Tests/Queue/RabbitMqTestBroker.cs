using System.Text;
using ElsaWorkspaceAgents.Core.Messages;
using MassTransit;
using RabbitMQ.Client;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>
/// The test's side of the broker: publishes agent requests as a MassTransit producer does, sends raw bytes as any AMQP
/// client can, reads queues (the dead letters with their fault headers) and deletes what a test created.
/// </summary>
internal sealed class RabbitMqTestBroker : IAsyncDisposable
{
    private readonly IBusControl publisher;
    private readonly IConnection connection;
    private readonly IChannel channel;

    private RabbitMqTestBroker(IBusControl publisher, IConnection connection, IChannel channel)
    {
        this.publisher = publisher;
        this.connection = connection;
        this.channel = channel;
    }

    public static Uri Address => RabbitMqFactAttribute.Address ?? throw new InvalidOperationException($"{RabbitMqFactAttribute.Variable} is not set.");

    public static async Task<RabbitMqTestBroker> ConnectAsync()
    {
        var publisher = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(Address));
        await publisher.StartAsync();
        var connection = await new ConnectionFactory { Uri = Address }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        return new RabbitMqTestBroker(publisher, connection, channel);
    }

    /// <summary>Publishes through MassTransit (message-type exchange, fanned out to every consumer queue bound to it).</summary>
    public async Task PublishAsync(IEnumerable<AgentRequest> requests)
    {
        foreach (var chunk in requests.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(request => publisher.Publish(request)));
        }
    }

    /// <summary>
    /// Sends through MassTransit to one queue only: the bulk scenarios use it so that other consumers of the message type on
    /// the same broker (an Elsa host's queue from an earlier run) do not collect thousands of copies.
    /// </summary>
    public async Task SendAsync(string queue, IEnumerable<AgentRequest> requests)
    {
        var endpoint = await publisher.GetSendEndpoint(new Uri($"queue:{queue}"));
        foreach (var chunk in requests.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(request => endpoint.Send(request)));
        }
    }

    /// <summary>
    /// Sends a body as-is, as any AMQP client can: to a queue's own exchange (the one MassTransit declares with the queue's
    /// name) or to the message exchange (<c>ElsaWorkspaceAgents.Core.Messages:AgentRequest</c>).
    /// </summary>
    public async Task SendRawAsync(string exchange, byte[] body, string? contentType = "application/json")
    {
        var properties = new BasicProperties { ContentType = contentType, Persistent = true, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync(exchange, routingKey: "", mandatory: false, properties, body);
    }

    public Task SendRawAsync(string exchange, string body, string? contentType = "application/json") =>
        SendRawAsync(exchange, Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>Messages ready in a queue (0 when it does not exist).</summary>
    public async Task<uint> ReadyCountAsync(string queue)
    {
        using var probe = await connection.CreateChannelAsync();
        try
        {
            return (await probe.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    /// <summary>Takes every message from a queue (none when it does not exist), with its MassTransit fault headers.</summary>
    public async Task<IReadOnlyList<DeadLetter>> DrainAsync(string queue)
    {
        var letters = new List<DeadLetter>();
        if (await ReadyCountAsync(queue) == 0)
        {
            return letters;
        }

        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            letters.Add(new DeadLetter(
                Encoding.UTF8.GetString(message.Body.Span),
                Header(message, MessageHeaders.Reason),
                Header(message, MessageHeaders.FaultExceptionType),
                Header(message, MessageHeaders.FaultMessage),
                Header(message, MessageHeaders.FaultRetryCount)));
        }

        return letters;
    }

    /// <summary>Deletes a consumer queue with its error and skipped queues and the exchanges of the same names.</summary>
    public async Task DeleteEndpointAsync(string queue)
    {
        foreach (var name in new[] { queue, queue + "_error", queue + "_skipped" })
        {
            // A missing queue closes the channel it was asked on: one throw-away channel per name.
            using var cleanup = await connection.CreateChannelAsync();
            try
            {
                await cleanup.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
                await cleanup.ExchangeDeleteAsync(name, ifUnused: false);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // Never created (no message was dead-lettered or skipped).
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.CloseAsync();
        await connection.CloseAsync();
        await publisher.StopAsync();
    }

    private static string? Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers?.TryGetValue(name, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
            : null;
}

/// <summary>A message taken from a queue: its body and the reason MassTransit recorded when it dead-lettered it.</summary>
internal sealed record DeadLetter(string Body, string? Reason, string? ExceptionType, string? FaultMessage, string? RetryCount);
