using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Messages;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using ElsaWorkspaceAgents.Reliability.Tests.Queue;
using ElsaWorkspaceAgents.SampleHost;
using ElsaWorkspaceAgents.SampleHost.Broker;
using ElsaWorkspaceAgents.SampleHost.Cluster;
using Npgsql;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Cluster;

/// <summary>
/// Two sample-host processes on one PostgreSQL database with Elsa's distributed runtime and PostgreSQL locks, both
/// consuming one RabbitMQ queue and targeting one emulator (a Kestrel host in this test). HTTP ticket events, DocsGPT
/// questions (whose workflow waits durably with Wait For Agent Result) and <see cref="AgentRequest"/> queue messages are
/// spread over both nodes; node A is killed with SIGKILL mid-stream and started again. A client that gets no answer
/// sends the same event to the other node, as a load balancer would; the broker redelivers the messages node A had not
/// acknowledged to node B, the competing consumer on the same queue. Counted from the emulator's admin API: agent
/// starts per event, waits finished, lost, duplicated.
/// </summary>
public sealed class ElsaClusterTests(ITestOutputHelper output)
{
    private const int EventsPerKind = 100;
    private const int Parallelism = 4;

    /// <summary>Queue messages go out in bursts over the stream.</summary>
    private const int MessagesPerBurst = 5;

    /// <summary>Published the moment before the kill, so node A holds messages it has not acknowledged when it dies.</summary>
    private const int KillBurst = 20;

    /// <summary>The pack's log line when its recurring check resumed a wait a crash inside Elsa's commit left without a stored bookmark.</summary>
    private const string StrandedWaitResumed = "Resumed the stranded Wait For Agent Result of workflow instance";

    private static readonly Regex MessageReceived = new(@"Queue message (?<message>M-[0-9a-f]+-\d+) \(request [^)]*\) received from the broker; redelivered: (?<redelivered>True|False)", RegexOptions.Compiled);

    [ClusterFact]
    public async Task Two_nodes_on_PostgreSQL_and_RabbitMQ_start_one_agent_run_per_event_and_finish_every_wait_once_across_a_kill_9()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var database = $"ewa_cluster_{run}";
        var server = new NpgsqlConnectionStringBuilder(ClusterFactAttribute.ConnectionString);
        await ExecuteAsync(server.ConnectionString, $"CREATE DATABASE {database}");
        var succeeded = false;
        try
        {
            // A DocsGPT task takes a few seconds, so waits are still open when node A dies.
            var timings = EmulatorTimings.Fast();
            timings.DocsGptStepDelay = TimeSpan.FromSeconds(1);
            await using var emulator = await TestEmulator.StartAsync(timings);
            await using var broker = await RabbitMqTestBroker.ConnectAsync();

            var environment = NodeEnvironment(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString, emulator.BaseAddress);
            await using var nodeA = new SampleHostNode("a", environment);
            await using var nodeB = new SampleHostNode("b", environment);
            // One at a time: the first node creates the schema (EF migrations) and imports workflows/.
            await nodeA.StartAsync(TimeSpan.FromMinutes(3));
            await nodeB.StartAsync(TimeSpan.FromMinutes(3));
            var nodes = new[] { nodeA, nodeB };

            var events = Enumerable.Range(0, EventsPerKind).SelectMany(i => new[]
            {
                new ClusterEvent($"T-{run}-{i:D3}", "api/workflows/tickets", Kind.Ticket, PreferredNode: i % 2),
                new ClusterEvent($"Q-{run}-{i:D3}", "api/workflows/questions", Kind.Question, PreferredNode: (i + 1) % 2),
            }.Concat(i % MessagesPerBurst == 0
                // Published to the broker, not to a node: RabbitMQ hands each message to one of the queue's two consumers.
                ? Enumerable.Range(i, MessagesPerBurst).Select(m => new ClusterEvent($"M-{run}-{m:D3}", Path: "", Kind.Message, PreferredNode: -1))
                : [])).ToArray();
            var killBurst = Enumerable.Range(EventsPerKind, KillBurst).Select(m => new ClusterEvent($"M-{run}-{m:D3}", Path: "", Kind.Message, PreferredNode: -1)).ToArray();
            var messages = events.Where(e => e.Kind == Kind.Message).Concat(killBurst).ToDictionary(e => e.RequestId, e => Message(e.RequestId));

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var accepted = new ConcurrentDictionary<string, string>();
            var resends = 0;
            var sent = 0;
            // One send per HTTP event and one per burst of messages (its first message stands for it).
            var bursts = events.Where(e => e.Kind == Kind.Message).Chunk(MessagesPerBurst).ToDictionary(b => b[0].RequestId);
            var sends = events.Where(e => e.Kind != Kind.Message || bursts.ContainsKey(e.RequestId)).ToArray();
            var killAfter = sends.Length * 2 / 5;
            var killed = new TaskCompletionSource();
            HashSet<string>? pendingOnA = null;

            var sender = Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (e, ct) =>
            {
                if (e.Kind == Kind.Message)
                {
                    await broker.PublishAsync(bursts[e.RequestId].Select(m => messages[m.RequestId]));
                }
                else
                {
                    var (node, attempts) = await SendAsync(client, nodes, e, ct);
                    accepted[e.RequestId] = node;
                    Interlocked.Add(ref resends, attempts - 1);
                }

                if (Interlocked.Increment(ref sent) == killAfter)
                {
                    // Both consumers busy with a backlog: kill A as soon as the burst's first agent start arrives.
                    await broker.PublishAsync(killBurst.Select(m => messages[m.RequestId]));
                    var burstIds = killBurst.Select(m => m.RequestId).ToHashSet();
                    for (var wait = 0; wait < 500 && !(await StartsAsync(emulator)).Any(s => burstIds.Contains(s.RequestId ?? "")); wait++)
                    {
                        await Task.Delay(20, ct);
                    }

                    nodeA.KillHard();
                    // The questions node A answered 202 whose answer was not yet posted: their waits were node A's.
                    var postedAnswers = (await StartsAsync(emulator)).Where(s => s.Platform == "workspace_agents").Select(s => s.RequestId).ToHashSet();
                    pendingOnA = accepted.Where(a => a.Value == "a" && a.Key.StartsWith("Q-", StringComparison.Ordinal) && !postedAnswers.Contains(a.Key))
                        .Select(a => a.Key).ToHashSet();
                    killed.SetResult();
                }
            });

            await killed.Task;
            var killedAt = DateTimeOffset.UtcNow;
            await sender;
            // Longer than a wait's first checks (2 s, then 4 s): waits node B owns finish meanwhile; node A's are only in its memory.
            var downtime = TimeSpan.FromSeconds(30) - (DateTimeOffset.UtcNow - killedAt);
            if (downtime > TimeSpan.Zero)
            {
                await Task.Delay(downtime);
            }

            var finishedWhileDown = (await StartsAsync(emulator)).Where(s => s.Platform == "workspace_agents" && pendingOnA!.Contains(s.RequestId ?? "")).Select(s => s.RequestId).Distinct().Count();
            var stillOpen = pendingOnA!.Count - finishedWhileDown;
            await nodeA.StartAsync(TimeSpan.FromMinutes(3));

            // Every question's answer and every queue message ends as a Workspace Agents start.
            var expected = events.Where(e => e.Kind == Kind.Question).Select(e => e.RequestId).Concat(messages.Keys).ToHashSet();
            var until = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4);
            IReadOnlyList<AgentStartRow> starts;
            do
            {
                await Task.Delay(1000);
                starts = await StartsAsync(emulator);
            }
            while (starts.Where(s => s.Platform == "workspace_agents" && expected.Contains(s.RequestId ?? "")).Select(s => s.RequestId).Distinct().Count() < expected.Count
                   && DateTimeOffset.UtcNow < until);

            // Late duplicates (a wait resumed twice) would arrive after the last first one: give them time.
            await Task.Delay(TimeSpan.FromSeconds(15));
            starts = await StartsAsync(emulator);
            var writes = await emulator.DestinationWritesAsync(DemoFixture.DemoDestination);
            var replays = (await emulator.Admin.GetFromJsonAsync<JsonElement>("_emulator/idempotency/replays")).GetArrayLength();
            // A message delivered again (node A died before acknowledging it) runs its workflow again with the same key.
            var messageKeys = messages.Values.Select(m => IdempotencyKey.For(m.ToSourceEvent())).ToHashSet();
            var messageReplays = emulator.Host.State.WorkspaceAgents.IdempotentReplays.Count(r => messageKeys.Contains(r.IdempotencyKey));
            var receivedOnA = await ReceivedMessagesAsync(nodeA, messages);
            var receivedOnB = await ReceivedMessagesAsync(nodeB, messages);
            var redeliveredToB = receivedOnB.Where(r => r.Value).Select(r => r.Key).ToHashSet();
            var strandedResumed = $"A: {await CountLinesAsync(nodeA, StrandedWaitResumed)}, B: {await CountLinesAsync(nodeB, StrandedWaitResumed)}";

            var figures = Figures([.. events, .. killBurst], starts, writes);
            var finishedAfterRestart = starts.Where(s => s.Platform == "workspace_agents" && pendingOnA.Contains(s.RequestId ?? "")).Select(s => s.RequestId).Distinct().Count() - finishedWhileDown;
            var report = new StringBuilder()
                .AppendLine($"Elsa cluster: 2 nodes, PostgreSQL, distributed runtime, RabbitMQ; {EventsPerKind} HTTP tickets + {EventsPerKind} DocsGPT questions + {messages.Count} queue messages ({messages.Count - KillBurst} in bursts of {MessagesPerBurst}, {KillBurst} published just before the kill), {Parallelism} in flight, node A killed (SIGKILL) after {killAfter} sends and restarted ~30 s later.")
                .AppendLine($"HTTP events sent: {accepted.Count} (accepted by A: {accepted.Count(a => a.Value == "a")}, by B: {accepted.Count(a => a.Value == "b")}; re-sent to the other node after no answer: {resends})")
                .AppendLine($"tickets: Workspace Agent starts per event: {figures.TicketStarts}")
                .AppendLine($"queue messages: published {messages.Count}; Workspace Agent starts per message: {figures.MessageStarts}; consumed (logged) by A: {receivedOnA.Count}, by B: {receivedOnB.Count}; redelivered to B after A's kill: {redeliveredToB.Count} (of which A had started consuming: {redeliveredToB.Count(receivedOnA.ContainsKey)}); triggered again and answered from the key: {messageReplays}")
                .AppendLine($"questions: DocsGPT starts per event: {figures.QuestionStarts}; waits finished (answer posted) per event: {figures.AnswersPosted}; demo-channel writes per event: {figures.QuestionWrites}")
                .AppendLine($"lost: {figures.Lost}; duplicated: {figures.Duplicated}; idempotent replays absorbed by the platforms: {replays}")
                .AppendLine($"stranded waits resumed by the pack's check (ResumeStrandedWaitsTask): {strandedResumed}")
                .AppendLine($"waits node A owned when killed: {pendingOnA.Count}; finished while A was down: {finishedWhileDown}; still open at the restart: {stillOpen}; finished after the restart: {finishedAfterRestart}")
                .ToString();
            output.WriteLine(report);
            if (Environment.GetEnvironmentVariable("ELSA_CLUSTER_REPORT") is { Length: > 0 } reportPath)
            {
                await File.WriteAllTextAsync(reportPath, report);
            }

            Assert.True(figures.Lost == 0 && figures.Duplicated == 0,
                $"{report}\nnode a:\n{await nodeA.TailAsync()}\nnode b:\n{await nodeB.TailAsync()}");
            Assert.Equal("1 x " + EventsPerKind, figures.TicketStarts);
            Assert.Equal("1 x " + EventsPerKind, figures.QuestionStarts);
            Assert.Equal("1 x " + EventsPerKind, figures.AnswersPosted);
            Assert.Equal("1 x " + messages.Count, figures.MessageStarts);
            // Competing consumers: both nodes took messages from the one queue.
            Assert.NotEmpty(receivedOnA);
            Assert.NotEmpty(receivedOnB);
            // Elsa 3.7.1 keeps a delay bookmark's timer only in the memory of the node that created it (and of every node
            // that starts later): no other node takes over a killed node's waits.
            Assert.Equal(0, finishedWhileDown);
            succeeded = true;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (succeeded || Environment.GetEnvironmentVariable("ELSA_CLUSTER_KEEP_FAILED_DATABASE") is not { Length: > 0 })
            {
                await ExecuteAsync(server.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
            else
            {
                output.WriteLine($"Kept database {database} for inspection.");
            }
        }
    }

    /// <summary>POSTs the event to its node; without a 2xx (node down, connection reset) sends the same event to the other node.</summary>
    private static async Task<(string Node, int Attempts)> SendAsync(HttpClient client, SampleHostNode[] nodes, ClusterEvent e, CancellationToken cancellationToken)
    {
        var body = e.Kind == Kind.Ticket
            ? JsonSerializer.Serialize(new { eventId = "E-" + e.RequestId, requestId = e.RequestId, ticketId = e.RequestId, summary = "Printer on fire" })
            : JsonSerializer.Serialize(new { questionId = e.RequestId, requestId = e.RequestId, question = "What is the refund policy?" });
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var node = nodes[(e.PreferredNode + attempt - 1) % nodes.Length];
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri(node.BaseAddress, e.Path), content, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return (node.Name, attempt);
                }
            }
            catch (HttpRequestException)
            {
                // Node down or connection reset: the other node gets the same event.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer in time: the same.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new InvalidOperationException($"No node accepted {e.RequestId}.");
    }

    private static ClusterFigures Figures(ClusterEvent[] events, IReadOnlyList<AgentStartRow> starts, IReadOnlyList<string> writes)
    {
        int Count(string platform, string requestId) => starts.Count(s => s.Platform == platform && s.RequestId == requestId);
        int Writes(string requestId) => writes.Count(w => w.EndsWith(": " + requestId, StringComparison.Ordinal));
        var tickets = events.Where(e => e.Kind == Kind.Ticket).Select(e => Count("workspace_agents", e.RequestId)).ToArray();
        var asked = events.Where(e => e.Kind == Kind.Question).Select(e => Count("docsgpt", e.RequestId)).ToArray();
        var answered = events.Where(e => e.Kind == Kind.Question).Select(e => Count("workspace_agents", e.RequestId)).ToArray();
        var written = events.Where(e => e.Kind == Kind.Question).Select(e => Writes(e.RequestId)).ToArray();
        var messages = events.Where(e => e.Kind == Kind.Message).Select(e => Count("workspace_agents", e.RequestId)).ToArray();
        return new ClusterFigures(
            Distribution(tickets), Distribution(asked), Distribution(answered), Distribution(written), Distribution(messages),
            Lost: tickets.Count(c => c == 0) + answered.Count(c => c == 0) + messages.Count(c => c == 0),
            Duplicated: tickets.Count(c => c > 1) + asked.Count(c => c > 1) + answered.Count(c => c > 1) + messages.Count(c => c > 1));
    }

    /// <summary>"1 x 100" when every event had one; otherwise each count and how many events had it.</summary>
    private static string Distribution(int[] counts) =>
        string.Join(", ", counts.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key} x {g.Count()}"));

    /// <summary>A queue message as a CRM would publish it: the request ID doubles as the message ID, so counting is by one ID.</summary>
    private static AgentRequest Message(string requestId) => new()
    {
        MessageId = requestId, SourceSystem = "crm", EventType = "deal.closed", EntityId = "deal:" + requestId, RequestId = requestId,
        Summary = "Deal closed: write the hand-over note.",
    };

    /// <summary>
    /// The queue messages a node started consuming, each with whether the broker had delivered it before (the sample host's
    /// delivery log; a SIGKILL may drop the last lines). Only this run's: the queue outlives a run.
    /// </summary>
    private static async Task<Dictionary<string, bool>> ReceivedMessagesAsync(SampleHostNode node, IReadOnlyDictionary<string, AgentRequest> messages)
    {
        var received = new Dictionary<string, bool>();
        foreach (var match in (File.Exists(node.LogPath) ? await File.ReadAllLinesAsync(node.LogPath) : [])
                     .Select(line => MessageReceived.Match(line)).Where(m => m.Success && messages.ContainsKey(m.Groups["message"].Value)))
        {
            received[match.Groups["message"].Value] = received.GetValueOrDefault(match.Groups["message"].Value) || match.Groups["redelivered"].Value == "True";
        }

        return received;
    }

    private static async Task<int> CountLinesAsync(SampleHostNode node, string text) =>
        File.Exists(node.LogPath) ? (await File.ReadAllLinesAsync(node.LogPath)).Count(line => line.Contains(text, StringComparison.Ordinal)) : 0;

    private static Dictionary<string, string> NodeEnvironment(string postgreSql, Uri emulator) => new()
    {
        [ClusterComposition.PostgreSqlKey.Replace(":", "__")] = postgreSql,
        [ClusterComposition.DistributedKey.Replace(":", "__")] = "true",
        [SampleHostBroker.RabbitMqKey.Replace(":", "__")] = RabbitMqFactAttribute.Address!.AbsoluteUri,
        [SampleHostApplication.EmulatorBaseUrlKey.Replace(":", "__")] = emulator.GetLeftPart(UriPartial.Authority),
        ["WorkspaceAgents__Retry__BaseDelay"] = "00:00:00.050",
        ["WorkspaceAgents__Retry__MaxDelay"] = "00:00:00.500",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        // One line per queue message a node consumes, with the broker's redelivered flag.
        ["Logging__LogLevel__ElsaWorkspaceAgents.SampleHost.Broker"] = "Information",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    private static async Task<IReadOnlyList<AgentStartRow>> StartsAsync(TestEmulator emulator) =>
        (await emulator.Admin.GetFromJsonAsync<AgentStartRow[]>("_emulator/starts", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private enum Kind
    {
        Ticket,
        Question,
        Message,
    }

    private sealed record ClusterEvent(string RequestId, string Path, Kind Kind, int PreferredNode);

    private sealed record AgentStartRow(string Platform, string RunId, string? RequestId);

    private sealed record ClusterFigures(string TicketStarts, string QuestionStarts, string AnswersPosted, string QuestionWrites, string MessageStarts, int Lost, int Duplicated);
}
