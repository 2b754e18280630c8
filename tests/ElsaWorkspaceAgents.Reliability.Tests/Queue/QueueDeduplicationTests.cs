using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>The same message (same message ID) arriving again — re-published, or sent by a plain AMQP client — starts no second run.</summary>
public sealed class QueueDeduplicationTests
{
    [RabbitMqFact]
    public async Task The_same_message_published_three_times_and_sent_as_plain_json_starts_one_agent_run()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        using var database = new TempDatabase();
        await using var broker = await RabbitMqTestBroker.ConnectAsync();
        var queue = QueueScenario.NewQueueName("dedup");
        var requests = TestRequests.Many("qdedup", 20);
        try
        {
            await using var consumer = await QueueScenario.StartConsumerAsync(QueueScenario.Settings(world, database, queue));
            for (var copy = 0; copy < 3; copy++)
            {
                await broker.PublishAsync(requests);
            }

            foreach (var request in requests)
            {
                await broker.SendRawAsync(queue, TestRequests.PlainJson(request));
            }

            await Eventually.WaitAsync(() => Task.FromResult(consumer.Logs.GetSnapshot().Count(r => r.Id.Id == 2102)),
                duplicates => duplicates == 3 * requests.Count, ReliabilityScale.Deadline, "every copy after the first to be acknowledged as a duplicate");
            var counts = await consumer.WaitUntilSettledAsync();
            Assert.Equal((requests.Count, (long)requests.Count), (counts.Total, counts.Accepted));

            var report = await world.AssertExactlyOnceAsync(TestRequests.RequestIds(requests));
            Assert.Equal(requests.Count, report.Runs);
            Assert.Equal(0u, await broker.ReadyCountAsync(queue));
            Assert.Empty(await broker.DrainAsync(queue + "_error"));
            SecretScan.AssertLogsClean(consumer.Logs);
        }
        finally
        {
            await broker.DeleteEndpointAsync(queue);
        }
    }
}
