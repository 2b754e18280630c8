using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Testing;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>
/// The same message (same message ID) arriving again — re-published, or sent by a plain AMQP client — starts no second run.
/// Publishing goes through the broker's message exchange, which other test runs on the same broker (the CLI's publish
/// tests, in another process) publish to as well, so only this test's own messages are counted.
/// </summary>
public sealed class QueueDeduplicationTests
{
    [RabbitMqFact]
    public async Task The_same_message_published_three_times_and_sent_as_plain_json_starts_one_agent_run()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        using var database = new TempDatabase();
        await using var broker = await RabbitMqTestBroker.ConnectAsync();
        var queue = QueueScenario.NewQueueName("dedup");
        var requests = TestRequests.Many(Run, 20);
        try
        {
            await using var consumer = await QueueScenario.StartConsumerAsync(QueueScenario.Settings(world, database, queue, receivePublished: true));
            for (var copy = 0; copy < 3; copy++)
            {
                await broker.PublishAsync(requests);
            }

            foreach (var request in requests)
            {
                await broker.SendRawAsync(queue, TestRequests.PlainJson(request));
            }

            await Eventually.WaitAsync(() => Task.FromResult(consumer.Logs.GetSnapshot().Count(r => r.Id.Id == 2102 && Ours(MessageIdOf(r)))),
                duplicates => duplicates == 3 * requests.Count, ReliabilityScale.Deadline, "every copy after the first to be acknowledged as a duplicate");
            await consumer.WaitUntilSettledAsync();
            var rows = (await consumer.Queries.ListAsync(take: 1000)).Where(row => Ours(row.SourceRequestId)).ToArray();
            Assert.Equal(requests.Count, rows.Length);
            Assert.All(rows, row => Assert.Equal(OutboxEntryState.Accepted, row.State));

            var report = await world.AssertExactlyOnceAsync(TestRequests.RequestIds(requests), Ours);
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

    // Message IDs are qdedup-NNNNNN and request IDs REL-qdedup-NNNNNN (TestRequests.One).
    private static bool Ours(string? id) => id?.Contains(Run + "-", StringComparison.Ordinal) == true;

    private static string? MessageIdOf(FakeLogRecord record) =>
        record.StructuredState?.FirstOrDefault(pair => pair.Key == "MessageId").Value;

    private const string Run = "qdedup";
}
