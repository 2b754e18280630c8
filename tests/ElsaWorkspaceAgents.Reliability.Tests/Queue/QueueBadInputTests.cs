using System.Text.Json;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>
/// Messages that can never become a trigger are dead-lettered to <c>{queue}_error</c> at once with their reason, send
/// nothing, and do not hold up the good messages behind them (the consumer takes one message at a time here, so a bad
/// message that blocked would block every one after it).
/// </summary>
public sealed class QueueBadInputTests(ITestOutputHelper output)
{
    private static readonly (string Case, string Body, string ExpectedReason)[] BadMessages =
    [
        ("not JSON", "{\"messageId\": \"bad-json\", \"sourceSystem\": ", "open JSON object"),
        ("a JSON array", "[1, 2, 3]", "could not be converted"),
        ("a message ID that is not a string", "{\"messageId\": {\"id\": 1}, \"sourceSystem\": \"crm\", \"eventType\": \"deal.closed\"}", "as a string"),
        ("no message ID", "{\"sourceSystem\": \"crm\", \"eventType\": \"deal.closed\", \"requestId\": \"REL-bad-1\"}", "has no 'messageId'"),
        ("a blank message ID", "{\"messageId\": \"  \", \"sourceSystem\": \"crm\", \"eventType\": \"deal.closed\"}", "has no 'messageId'"),
        ("an empty body", "", "has no 'messageId'"),
        ("no event type", "{\"messageId\": \"bad-no-type\", \"sourceSystem\": \"crm\"}", "has no 'eventType'"),
        ("input over the platform's limit", OverLimit(), "accepts at most 100,000"),
    ];

    [RabbitMqFact]
    public async Task Every_bad_message_is_dead_lettered_with_its_reason_and_the_good_ones_behind_it_are_delivered()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        using var database = new TempDatabase();
        await using var broker = await RabbitMqTestBroker.ConnectAsync();
        var queue = QueueScenario.NewQueueName("bad");
        var good = TestRequests.Many("qbad", BadMessages.Length + 1);
        var settings = QueueScenario.Settings(world, database, queue);
        settings["WorkspaceAgents:Outbox:Queue:ConcurrentMessageLimit"] = "1";
        try
        {
            await using var consumer = await QueueScenario.StartConsumerAsync(settings);
            await broker.SendRawAsync(queue, TestRequests.PlainJson(good[0]));
            for (var i = 0; i < BadMessages.Length; i++)
            {
                await broker.SendRawAsync(queue, BadMessages[i].Body);
                await broker.SendRawAsync(queue, TestRequests.PlainJson(good[i + 1]));
            }

            var counts = await Eventually.WaitAsync(() => consumer.Queries.CountAsync(), c => c.Total == good.Count && c.Pending == 0,
                ReliabilityScale.Deadline, "every good message to be stored and sent");
            Assert.Equal(good.Count, counts.Accepted);
            var report = await world.AssertExactlyOnceAsync(TestRequests.RequestIds(good));
            Assert.Equal(good.Count, report.Runs);

            var deadLetters = await Eventually.WaitAsync(() => broker.ReadyCountAsync(queue + "_error"), n => n >= BadMessages.Length,
                ReliabilityScale.Deadline, "every bad message to reach the error queue");
            var letters = await broker.DrainAsync(queue + "_error");
            Assert.Equal(BadMessages.Length, letters.Count);
            foreach (var (name, body, expected) in BadMessages)
            {
                var letter = Assert.Single(letters, l => l.Body == body);
                Assert.Equal("fault", letter.Reason);
                Assert.True(letter.FaultMessage?.Contains(expected, StringComparison.OrdinalIgnoreCase) == true,
                    $"The dead letter for {name} should say '{expected}'; it says: {letter.FaultMessage} ({letter.ExceptionType})");
                Assert.True(letter.RetryCount is null or "0", $"The message with {name} was retried {letter.RetryCount} times.");
                output.WriteLine($"{name}: {letter.ExceptionType}: {Shorten(letter.FaultMessage)}");
            }

            Assert.Equal(0u, await broker.ReadyCountAsync(queue));
            Assert.Equal(0u, await broker.ReadyCountAsync(queue + "_skipped"));
            SecretScan.AssertLogsClean(consumer.Logs);
            Assert.Equal(0u, deadLetters - (uint)BadMessages.Length);
        }
        finally
        {
            await broker.DeleteEndpointAsync(queue);
        }
    }

    /// <summary>A well-formed message whose input would exceed the Workspace Agents connection's 100,000-character default.</summary>
    private static string OverLimit() => JsonSerializer.Serialize(new
    {
        messageId = "bad-too-long",
        sourceSystem = "crm",
        eventType = "deal.closed",
        requestId = "REL-bad-too-long",
        summary = new string('x', 100_001),
    });

    private static string? Shorten(string? text) => text is { Length: > 200 } ? text[..200] + "…" : text;
}
