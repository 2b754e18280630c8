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
    private const string MessageExchange = "ElsaWorkspaceAgents.Core.Messages:AgentRequest";

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

    /// <summary>The message as a producer without MassTransit sends it: plain camelCase JSON.</summary>
    private static byte[] PlainJson(AgentRequest message) => JsonSerializer.SerializeToUtf8Bytes(message, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static string NewRequestId() => $"DEMO-MQ-{Guid.NewGuid().ToString("N")[..10]}";

    [RabbitMqFact]
    public async Task A_published_message_ends_as_one_agent_write_and_the_same_message_again_starts_no_second_run()
    {
        await using var host = await StartHostAsync();
        await using var broker = await RabbitMqTestBroker.ConnectAsync();
        var requestId = NewRequestId();
        var message = Message(requestId);

        await broker.PublishAsync([message]);
        Assert.Equal($"Workspace Agent API demo received: {requestId}", await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, requestId));

        // The same message again, this time as plain JSON from an AMQP client: a second workflow instance, the same key.
        await broker.SendRawAsync(MessageExchange, PlainJson(message));
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
        await using var broker = await RabbitMqTestBroker.ConnectAsync();
        await broker.DrainAsync(ElsaQueue + "_error");
        var missingId = NewRequestId();
        var good = NewRequestId();

        await broker.SendRawAsync(MessageExchange, "{\"messageId\": \"not-json\", ");
        await broker.PublishAsync([Message(missingId) with { MessageId = null }, Message(good)]);

        Assert.NotNull(await emulator.WaitForWriteAsync(DemoFixture.DemoDestination, good));
        var deadLetters = await Eventually(async () => await broker.DrainAsync(ElsaQueue + "_error") is { Count: > 0 } letters ? letters : null,
            "the unreadable message in Elsa's error queue");
        var deadLetter = Assert.Single(deadLetters);
        Assert.Equal("{\"messageId\": \"not-json\", ", deadLetter.Body);
        Assert.Equal("fault", deadLetter.Reason);
        Assert.Contains("Json", deadLetter.ExceptionType, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(deadLetter.FaultMessage), "The dead letter carries no fault message.");
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
}
