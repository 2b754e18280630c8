using System.Text;
using System.Text.Json;
using Elsa.ServiceBus.MassTransit.Consumers;
using Elsa.Workflows;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Messages;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Reliability.Tests.Queue;
using ElsaWorkspaceAgents.SampleHost.Broker;
using MassTransit;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Workflows;

/// <summary>
/// The sample host with <c>Broker:RabbitMq</c> set: Elsa's MassTransit integration over a real RabbitMQ starts the queue
/// workflow from an <see cref="AgentRequest"/> published by a producer outside the host.
/// </summary>
[Collection(SampleHostCollection.Name)]
public sealed class RabbitMqQueueWorkflowTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string DefinitionId = "message-queue-to-agent";
    private readonly string database = SampleHostRunner.NewDatabasePath();
    private TestEmulator emulator = null!;

    /// <summary>The queue Elsa's integration declares for the trigger (MassTransit's name for its consumer, Elsa's prefix).</summary>
    private static string ElsaQueue => new KebabCaseEndpointNameFormatter("Elsa", false).Consumer<WorkflowMessageConsumer<AgentRequest>>();

    public async Task InitializeAsync() => emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        SampleHostRunner.DeleteDatabase(database);
    }

    private Task<SampleHostRunner> StartHostAsync() => SampleHostRunner.StartAsync(output, emulator, database,
        new Dictionary<string, string?> { [SampleHostBroker.RabbitMqKey] = RabbitMqFactAttribute.Address!.AbsoluteUri });

    private static AgentRequest Message(string requestId) => new()
    {
        MessageId = "msg-" + requestId, SourceSystem = "crm", EventType = "deal.closed", EntityId = "deal:77", RequestId = requestId,
        Summary = "Deal 77 closed: write the hand-over note.", Data = JsonSerializer.SerializeToElement(new { amount = 12000, currency = "EUR" }),
    };

    private static string NewRequestId() => $"DEMO-MQ-{Guid.NewGuid().ToString("N")[..10]}";

    [RabbitMqFact]
    public async Task A_published_message_ends_as_one_agent_write_and_the_same_message_again_starts_no_second_run()
    {
        await using var host = await StartHostAsync();
        await using var producer = await Producer.ConnectAsync();
        var requestId = NewRequestId();
        var message = Message(requestId);

        await producer.PublishAsync(message);
        Assert.Equal($"Workspace Agent API demo received: {requestId}", await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, requestId));

        // The same message again, this time as plain JSON from an AMQP client: a second workflow instance, the same key.
        await producer.PublishPlainJsonAsync(JsonSerializer.SerializeToUtf8Bytes(message, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var key = IdempotencyKey.For(message.ToSourceEvent());
        await Eventually(() => Task.FromResult(emulator.Host.State.WorkspaceAgents.IdempotentReplays.Any(r => r.IdempotencyKey == key)),
            "the second delivery's trigger to reach the platform with the same key");

        var run = Assert.Single(await RunsForAsync(requestId));
        Assert.Equal(key, run.GetProperty("idempotencyKey").GetString());
        Assert.Single(emulator.Host.State.WorkspaceAgents.IdempotentReplays, r => r.IdempotencyKey == key);
        Assert.Single(await emulator.DestinationWritesAsync(DemoFixture.DemoDestination), w => w.Contains(requestId, StringComparison.Ordinal));
    }

    [RabbitMqFact]
    public async Task A_message_that_is_not_json_is_dead_lettered_one_without_its_id_is_refused_and_the_good_one_behind_them_runs()
    {
        await using var host = await StartHostAsync();
        await using var producer = await Producer.ConnectAsync();
        await producer.PurgeAsync(ElsaQueue + "_error");
        var missingId = NewRequestId();
        var good = NewRequestId();

        await producer.PublishPlainJsonAsync("{\"messageId\": \"not-json\", "u8.ToArray());
        await producer.PublishAsync(Message(missingId) with { MessageId = null });
        await producer.PublishAsync(Message(good));

        Assert.NotNull(await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, good));
        var deadLetter = await Eventually(() => producer.TakeAsync(ElsaQueue + "_error"), "the unreadable message in Elsa's error queue");
        Assert.Equal("{\"messageId\": \"not-json\", ", deadLetter.Body);
        Assert.Contains("Json", deadLetter.ExceptionType, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(deadLetter.Reason), "The dead letter carries no fault reason.");
        await Eventually(async () => (await host.InstancesAsync(DefinitionId)).Count(i => i.Status == WorkflowStatus.Finished) >= 2,
            "the refused message's workflow to finish on its Invalid Input branch");
        Assert.Empty(await RunsForAsync(missingId));
        Assert.Single(await RunsForAsync(good));
    }

    private async Task<IReadOnlyList<JsonElement>> RunsForAsync(string requestId) =>
        (await emulator.RunsAsync()).Where(r => r.GetProperty("input").GetString()!.Contains(requestId, StringComparison.Ordinal)).ToArray();

    private static async Task Eventually(Func<Task<bool>> condition, string what) =>
        await Eventually(async () => await condition() ? "done" : null, what);

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what) where T : class
    {
        for (var until = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < until; await Task.Delay(100))
        {
            if (await probe() is { } value)
            {
                return value;
            }
        }

        throw new TimeoutException($"Gave up waiting for {what}.");
    }

    private sealed record DeadLetter(string Body, string ExceptionType, string Reason);

    /// <summary>A producer outside the host: MassTransit for envelopes, the plain AMQP client for raw bodies and queue reads.</summary>
    private sealed class Producer : IAsyncDisposable
    {
        private readonly IBusControl bus;
        private readonly IConnection connection;
        private readonly IChannel channel;

        private Producer(IBusControl bus, IConnection connection, IChannel channel)
        {
            this.bus = bus;
            this.connection = connection;
            this.channel = channel;
        }

        public static async Task<Producer> ConnectAsync()
        {
            var address = RabbitMqFactAttribute.Address!;
            var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(address));
            await bus.StartAsync();
            var connection = await new ConnectionFactory { Uri = address }.CreateConnectionAsync();
            return new Producer(bus, connection, await connection.CreateChannelAsync());
        }

        public Task PublishAsync(AgentRequest message) => bus.Publish(message);

        /// <summary>A body as-is to the message exchange, as a producer without MassTransit sends it.</summary>
        public async Task PublishPlainJsonAsync(byte[] body) =>
            await channel.BasicPublishAsync("ElsaWorkspaceAgents.Core.Messages:AgentRequest", "", false,
                new BasicProperties { ContentType = "application/json", Persistent = true }, body);

        public async Task PurgeAsync(string queue)
        {
            using var probe = await connection.CreateChannelAsync();
            try
            {
                await probe.QueuePurgeAsync(queue);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // Not declared yet: nothing to purge.
            }
        }

        public async Task<DeadLetter?> TakeAsync(string queue)
        {
            using var probe = await connection.CreateChannelAsync();
            try
            {
                var message = await probe.BasicGetAsync(queue, autoAck: true);
                if (message is null)
                {
                    return null;
                }

                string Header(string name) => message.BasicProperties.Headers?.TryGetValue(name, out var value) == true && value is byte[] bytes
                    ? Encoding.UTF8.GetString(bytes)
                    : string.Empty;
                return new DeadLetter(Encoding.UTF8.GetString(message.Body.Span), Header(MessageHeaders.FaultExceptionType), Header(MessageHeaders.FaultMessage));
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await channel.CloseAsync();
            await connection.CloseAsync();
            await bus.StopAsync();
        }
    }
}
