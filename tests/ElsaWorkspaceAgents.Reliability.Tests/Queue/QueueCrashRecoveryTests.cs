using System.Diagnostics;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using ElsaWorkspaceAgents.Reliability.Tests.Scenarios;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>
/// RabbitMQ → queue consumer → outbox → platform with kill -9 of the consumer process mid-stream: the broker redelivers
/// what the dead process had not acknowledged, the outbox deduplicates what it had already stored, and every message
/// ends as exactly one agent run.
/// </summary>
public sealed class QueueCrashRecoveryTests(ITestOutputHelper output)
{
    [RabbitMqFact]
    public async Task A_consumer_killed_mid_stream_and_restarted_turns_every_message_into_exactly_one_agent_run()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        using var database = new TempDatabase();
        await using var broker = await RabbitMqTestBroker.ConnectAsync();
        var queue = QueueScenario.NewQueueName("crash");
        var requests = TestRequests.Many("qcrash", QueueScale.Messages);
        var settings = QueueScenario.Settings(world, database, queue, lease: TimeSpan.FromSeconds(5));
        try
        {
            await using var view = await DispatcherHost.StartAsync(
                new Dictionary<string, string?>(settings) { ["WorkspaceAgents:Outbox:DispatcherEnabled"] = "false" });
            var clock = Stopwatch.StartNew();

            (long Stored, long Accepted, uint StillQueued) atKill;
            using (var doomed = await WorkerProcess.StartAsync(settings, "queue-worker-doomed", WorkerProcess.QueueWorker))
            {
                // Still sending while the consumer works and dies: waiting for the whole send first let a quick consumer
                // store all of it before the first look at the outbox, and the kill then came after the stream.
                var sending = broker.SendAsync(queue, requests);
                await Eventually.WaitAsync(() => view.Queries.CountAsync(), c => c.Total >= requests.Count / 3, ReliabilityScale.Deadline,
                    "a third of the messages to be stored before the kill", interval: TimeSpan.FromMilliseconds(10));
                doomed.KillHard();
                var counts = await view.Queries.CountAsync();
                atKill = (counts.Total, counts.Accepted, await broker.ReadyCountAsync(queue));
                ProcessScenario.AssertOutputClean(doomed, "the killed consumer");
                await sending;
            }

            Assert.True(atKill.Stored < requests.Count, $"The kill came too late to be mid-stream: {atKill}");

            int redeliveredDuplicates;
            using (var survivor = await WorkerProcess.StartAsync(settings, "queue-worker-restarted", WorkerProcess.QueueWorker))
            {
                var counts = await Eventually.WaitAsync(() => view.Queries.CountAsync(),
                    c => c.Total == requests.Count && c.Pending == 0, ReliabilityScale.Deadline, "every message to be stored and sent");
                Assert.Equal((requests.Count, 0L), (counts.Accepted, counts.Failed));
                Assert.Equal(0u, await broker.ReadyCountAsync(queue));
                ProcessScenario.AssertOutputClean(survivor, "the restarted consumer");
                redeliveredDuplicates = survivor.CountLines("was already in the outbox");
            }

            var report = await world.AssertExactlyOnceAsync(TestRequests.RequestIds(requests));
            clock.Stop();
            Assert.Equal(requests.Count, report.Runs);
            Assert.Empty(await broker.DrainAsync(queue + "_error"));
            SecretScan.AssertDatabaseClean(database.Path);
            output.WriteLine($"queue crash: killed with {atKill.Stored} stored, {atKill.Accepted} accepted, {atKill.StillQueued} still queued; " +
                $"{redeliveredDuplicates} redelivered message(s) were already stored; {report} in {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            await broker.DeleteEndpointAsync(queue);
        }
    }
}
