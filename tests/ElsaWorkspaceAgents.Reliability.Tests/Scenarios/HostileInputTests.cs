using System.Text.Json;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox;
using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Scenarios;

/// <summary>
/// Scenario (d): a corpus of bad inputs. Each gets a clear error, sends nothing, loses nothing, and a good event afterwards
/// still succeeds. The outbox's documented split: what the caller controls (the event, the request, the connection name)
/// is refused at enqueue with <see cref="AgentInputException"/> and nothing is stored; what configuration controls (token,
/// trigger ID, base URL, unknown connection) is stored and ends as a terminal failure with its reason, replayable once fixed.
/// Scenario (e) runs alongside: no secret in any log, exception message or stored byte.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Events_the_caller_can_fix_are_refused_at_enqueue_with_a_clear_error_and_nothing_is_stored_or_sent()
    {
        await using var world = await ReliabilityWorld.StartAsync(ChaosProfiles.RequestProbe());
        using var database = new TempDatabase();
        await using var host = await DispatcherHost.StartAsync(DispatcherSettings.For(world.BaseAddress, database.ConnectionString));
        var outbox = host.Outbox;
        var good = TestEvents.One("hostile", 0);
        var goodRequest = new AgentTriggerRequest { Input = "Request ID: REQ-1", IdempotencyKey = IdempotencyKey.For(good) };
        using var payloads = new PayloadFiles();

        var corpus = new (string Case, Func<Task> Enqueue, string Expected)[]
        {
            ("oversize input", () => outbox.EnqueueAsync(good with { Summary = new string('x', 150_000) }, ReliabilityWorld.ConnectionName), "accepts at most"),
            ("unpaired surrogate in the summary", () => outbox.EnqueueAsync(good with { Summary = "broken \uD83D text" }, ReliabilityWorld.ConnectionName), "invalid Unicode"),
            ("unpaired surrogate in a key part", () => outbox.EnqueueAsync(good with { EventId = "evt-\uDC00" }, ReliabilityWorld.ConnectionName), "invalid Unicode"),
            ("escaped unpaired surrogate in the payload", () => outbox.EnqueueAsync(good with { Payload = JsonDocument.Parse("{\"note\":\"\\ud800\"}").RootElement }, ReliabilityWorld.ConnectionName), "invalid Unicode"),
            ("missing event ID", () => outbox.EnqueueAsync(good with { EventId = " " }, ReliabilityWorld.ConnectionName), "required"),
            ("CR/LF in the idempotency key", () => outbox.EnqueueAsync(goodRequest with { IdempotencyKey = "ik1_abc\r\nX-Injected: 1" }, ReliabilityWorld.ConnectionName), "printable ASCII"),
            ("control character in the idempotency key", () => outbox.EnqueueAsync(goodRequest with { IdempotencyKey = "ik1_\u0000abc" }, ReliabilityWorld.ConnectionName), "printable ASCII"),
            ("LF in the conversation key", () => outbox.EnqueueAsync(goodRequest with { ConversationKey = "conv\nX-Injected: 1" }, ReliabilityWorld.ConnectionName), "printable ASCII"),
            ("CR/LF in the source request ID", () => outbox.EnqueueAsync(goodRequest with { SourceRequestId = "REQ-1\r\nRequest ID: FORGED" }, ReliabilityWorld.ConnectionName), "control characters"),
            ("empty input", () => outbox.EnqueueAsync(goodRequest with { Input = " " }, ReliabilityWorld.ConnectionName), "input is empty"),
            ("CR/LF in the connection name", () => outbox.EnqueueAsync(good, "reliability\r\nX-Injected: 1"), "control characters"),
            ("invalid UTF-8 bytes in a payload file", () => outbox.EnqueueAsync(payloads.Intake(good, [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]), ReliabilityWorld.ConnectionName), "UTF-8"),
            ("malformed JSON in a payload file", () => outbox.EnqueueAsync(payloads.Intake(good, "{\"a\": [1, 2"u8.ToArray()), ReliabilityWorld.ConnectionName), "not valid JSON"),
        };

        foreach (var (name, enqueue, expected) in corpus)
        {
            var error = await Record.ExceptionAsync(enqueue);
            Assert.True(error is ArgumentException, $"{name}: expected a refusal, got {error?.GetType().Name ?? "none"}");
            Assert.NotNull(error);
            Assert.True(error.Message.Contains(expected, StringComparison.OrdinalIgnoreCase), $"{name}: unclear error '{error.Message}'");
            SecretScan.AssertClean(error.ToString(), $"the exception for {name}");
            output.WriteLine($"{name}: {error.GetType().Name}: {error.Message}");
        }

        Assert.Equal(0, (await host.Queries.CountAsync()).Total);
        Assert.Equal(0, await ProbedRequestsAsync(world));

        // The process keeps working: a good event afterwards is stored, sent and written.
        await outbox.EnqueueAsync(good, ReliabilityWorld.ConnectionName);
        await host.WaitUntilSettledAsync();
        await world.AssertExactlyOnceAsync(TestEvents.RequestIds([good]));
        SecretScan.AssertLogsClean(host.Logs);
        SecretScan.AssertDatabaseClean(database.Path);
    }

    [Fact]
    public async Task Bad_connection_settings_end_as_terminal_failures_with_a_reason_send_nothing_and_replay_once_fixed()
    {
        await using var world = await ReliabilityWorld.StartAsync(ChaosProfiles.RequestProbe());
        using var database = new TempDatabase();
        var emulator = world.BaseAddress;
        var port = emulator.Port;
        AgentConnection Connection(Uri? baseUrl = null, string? triggerId = ReliabilityWorld.ChannelId, string? token = Secrets.HostileToken) =>
            new() { BaseUrl = baseUrl ?? emulator, TriggerId = triggerId, Token = token };

        var corpus = new (string Name, AgentConnection? Connection, string Expected)[]
        {
            ("crlf-token", Connection(token: Secrets.CrLfToken), "malformed"),
            ("missing-token", Connection(token: null), "access token is missing"),
            ("wrong-trigger-form", Connection(triggerId: "asst_reliability"), "does not start with agtch_"),
            ("path-trigger", Connection(triggerId: "agtch_../../_emulator/reset"), "may contain only"),
            ("crlf-trigger", Connection(triggerId: "agtch_x\r\nX-Injected: 1"), "may contain only"),
            ("file-url", Connection(new Uri("file:///etc/passwd")), "scheme 'file' is not allowed"),
            ("javascript-url", Connection(new Uri("javascript:alert(1)")), "scheme 'javascript' is not allowed"),
            ("ftp-url", Connection(new Uri($"ftp://127.0.0.1:{port}/")), "scheme 'ftp' is not allowed"),
            ("userinfo-url", Connection(new Uri($"http://admin:{Secrets.UserInfoPassword}@127.0.0.1:{port}/")), "must not carry user info"),
            ("query-url", Connection(new Uri($"{emulator.AbsoluteUri}?token={Secrets.QueryStringSecret}")), "must not carry a query string"),
            ("unknown-connection", null, "No agent connection named 'unknown-connection'"),
        };

        await using var host = await DispatcherHost.StartAsync(DispatcherSettings.For(world.BaseAddress, database.ConnectionString), options =>
        {
            foreach (var (name, connection, _) in corpus)
            {
                if (connection is not null)
                {
                    options.Connections[name] = connection;
                }
            }
        });

        var rows = new Dictionary<string, long>();
        for (var i = 0; i < corpus.Length; i++)
        {
            rows[corpus[i].Name] = (await host.Outbox.EnqueueAsync(TestEvents.One("bad-connection", i), corpus[i].Name)).Entry.Id;
        }

        var counts = await host.WaitUntilSettledAsync();
        Assert.Equal(corpus.Length, counts.Failed);
        foreach (var (name, _, expected) in corpus)
        {
            var entry = (await host.Queries.GetAsync(rows[name]))!;
            Assert.Equal(OutboxEntryState.Failed, entry.State);
            Assert.Equal(TriggerOutcomeKind.InvalidInput, entry.LastOutcome);
            Assert.Equal((1, 0), (entry.DispatchAttempts, entry.HttpAttempts));
            Assert.True(entry.LastError?.Contains(expected, StringComparison.Ordinal), $"{name}: unclear reason '{entry.LastError}'");
            output.WriteLine($"{name}: {entry.LastError}");
        }

        Assert.Equal(corpus.Length, (await host.Queries.ListFailedAsync()).Count);
        Assert.Equal(0, await ProbedRequestsAsync(world));

        // Fix one connection's configuration, replay its row deliberately: same key, now accepted and written.
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<WorkspaceAgentsOptions>>();
        monitor.CurrentValue.Connections["missing-token"].Token = Secrets.AccessToken;
        Assert.True(await host.Outbox.ReplayAsync(rows["missing-token"]));
        var good = TestEvents.One("bad-connection", 1_000);
        await host.Outbox.EnqueueAsync(good, ReliabilityWorld.ConnectionName);
        counts = await host.WaitUntilSettledAsync();

        Assert.Equal((2L, corpus.Length - 1L), (counts.Accepted, counts.Failed));
        var missingTokenIndex = Array.FindIndex(corpus, c => c.Name == "missing-token");
        await world.AssertExactlyOnceAsync(TestEvents.RequestIds([TestEvents.One("bad-connection", missingTokenIndex), good]));
        var records = SecretScan.AssertLogsClean(host.Logs);
        SecretScan.AssertDatabaseClean(database.Path);
        output.WriteLine($"{records:N0} log records scanned");
    }

    private static async Task<int> ProbedRequestsAsync(ReliabilityWorld world) =>
        (await world.ChaosFiringsAsync()).GetValueOrDefault("latency");

    /// <summary>Payload files as an intake receives them, read with <see cref="Utf8JsonPayload"/>.</summary>
    private sealed class PayloadFiles : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("ewa-payload-").FullName;

        public SourceEvent Intake(SourceEvent sourceEvent, byte[] bytes)
        {
            var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllBytes(path, bytes);
            return sourceEvent with { Payload = Utf8JsonPayload.Parse(File.ReadAllBytes(path), $"payload file {Path.GetFileName(path)}") };
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
