using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>
/// <c>ReceivePublished=false</c>: the queue is not bound to the message exchange, so a published request does not reach
/// it (it would start a run per bound queue), while a request sent to the queue by name does.
/// </summary>
public sealed class QueueTopologyTests
{
    [RabbitMqFact]
    public async Task A_queue_that_does_not_receive_published_requests_takes_only_what_is_sent_to_it_by_name()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        using var database = new TempDatabase();
        await using var broker = await RabbitMqTestBroker.ConnectAsync();
        var queue = QueueScenario.NewQueueName("direct");
        var published = TestRequests.One("qdirect-published", 1);
        var sent = TestRequests.One("qdirect-sent", 2);
        try
        {
            await using var consumer = await QueueScenario.StartConsumerAsync(QueueScenario.Settings(world, database, queue, receivePublished: false));
            await broker.PublishAsync([published]);
            await broker.SendAsync(queue, [sent]);

            await Eventually.WaitAsync(() => consumer.Queries.CountAsync(), c => c.Total >= 1 && c.Pending == 0, ReliabilityScale.Deadline,
                "the message sent by name to be stored and sent");
            // The published one was on the broker before the sent one; had the queue been bound, it would be stored first.
            var rows = await consumer.Queries.ListAsync();
            Assert.Equal([sent.RequestId], rows.Select(r => r.SourceRequestId));
            await world.AssertExactlyOnceAsync(TestRequests.RequestIds([sent]));
            Assert.Equal(0u, await broker.ReadyCountAsync(queue));
        }
        finally
        {
            await broker.DeleteEndpointAsync(queue);
        }
    }
}
