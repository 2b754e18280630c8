using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Chaos;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// An emulator embedded in the test process on a loopback port: one agent with one API channel, shared with the owner of
/// <see cref="Secrets.AccessToken"/>, writing each request ID it receives to <see cref="Destination"/>. Counts come from the
/// emulator's admin API over HTTP, as an operator would read them.
/// </summary>
internal sealed class ReliabilityWorld : IAsyncDisposable
{
    public const string ChannelId = "agtch_reliability";
    public const string Destination = "reliability-log";
    public const string ConnectionName = "reliability";
    public const string GptWorkbenchTriggerId = "trg_reliability";
    public const string DocsGptAgentId = "docsgpt_agent_reliability";
    public const string WriterAgentId = "7d1f2c3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";
    public const string WriterBlueprintId = "reliabilit1";

    private readonly HttpClient admin;

    private ReliabilityWorld(EmulatorHost emulator)
    {
        Emulator = emulator;
        admin = emulator.CreateClient();
    }

    public EmulatorHost Emulator { get; }

    public Uri BaseAddress => Emulator.BaseAddress;

    public static async Task<ReliabilityWorld> StartAsync(ChaosSettings? chaos = null)
    {
        var fixture = new EmulatorFixture
        {
            WorkspaceAgents = new WorkspaceAgentsFixture
            {
                AccessTokens = [new AccessTokenFixture { Token = Secrets.AccessToken, UserId = "user_reliability" }],
                Destinations = [new DestinationFixture { Name = Destination, Kind = "channel" }],
                Agents =
                [
                    new WorkspaceAgentFixture
                    {
                        Id = "agent_reliability",
                        Name = "Reliability agent",
                        SharedWith = ["user_reliability"],
                        DefaultDestination = Destination,
                        Channels = [new ApiChannelFixture { Id = ChannelId }],
                    },
                ],
            },
            GptWorkbench = new GptWorkbenchFixture
            {
                Threads = [new WorkbenchThreadFixture { Id = "thread_reliability", Name = "Reliability thread", SystemPrompt = "Answer briefly." }],
                Triggers =
                [
                    // No hourly limit worth the name: the suite's volume must not turn into 429s an hour long.
                    new WorkbenchTriggerFixture
                    {
                        Id = GptWorkbenchTriggerId, Name = "Reliability trigger", ThreadId = "thread_reliability",
                        ApiToken = Secrets.GptWorkbenchToken, RateLimitPerHour = 10_000_000,
                    },
                ],
            },
            DocsGpt = new DocsGptFixture
            {
                Agents = [new DocsGptAgentFixture { Id = DocsGptAgentId, Name = "reliability-agent", WebhookToken = Secrets.DocsGptToken }],
            },
            Writer = new WriterFixture
            {
                ApiKeys = [Secrets.WriterApiKey],
                Agents =
                [
                    new WriterAgentFixture
                    {
                        Id = WriterAgentId, Name = "Reliability agent", Deployed = true,
                        Blueprints = [new WriterBlueprintFixture { Id = WriterBlueprintId, Name = "Reliability blueprint", ReturnValue = JsonValue.Create("done") }],
                    },
                ],
            },
            Chaos = chaos ?? new ChaosSettings(),
        };

        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Fixture = fixture,
            // Zero processing delays: each platform's run follows its acceptance as fast as the emulator can run it.
            Timings = new EmulatorTimings
            {
                WorkspaceAgentRunDelay = TimeSpan.Zero,
                GptWorkbenchQueueDelay = TimeSpan.Zero,
                GptWorkbenchProcessingDelay = TimeSpan.Zero,
                DocsGptStepDelay = TimeSpan.Zero,
                WriterJobStepDelay = TimeSpan.Zero,
                WriterStreamEventDelay = TimeSpan.Zero,
            },
        });
        return new ReliabilityWorld(emulator);
    }

    /// <summary>Writes shown in the destination, read through <c>GET /_emulator/destinations/{name}</c>.</summary>
    public async Task<IReadOnlyList<string>> DestinationRequestIdsAsync()
    {
        await Emulator.WaitForIdleAsync(TimeSpan.FromMinutes(1));
        using var document = JsonDocument.Parse(await admin.GetStringAsync($"_emulator/destinations/{Destination}"));
        return document.RootElement.EnumerateArray().Select(w => w.GetProperty("requestId").GetString()!).ToArray();
    }

    /// <summary>Runs the channel started (idempotent replays do not start runs), through <c>GET /_emulator/runs</c>.</summary>
    public async Task<int> RunCountAsync()
    {
        using var document = JsonDocument.Parse(await admin.GetStringAsync($"_emulator/runs?channelId={ChannelId}"));
        return document.RootElement.GetArrayLength();
    }

    /// <summary>Idempotent retries the platform answered without a new run.</summary>
    public async Task<int> ReplayCountAsync()
    {
        using var document = JsonDocument.Parse(await admin.GetStringAsync("_emulator/idempotency/replays"));
        return document.RootElement.GetArrayLength();
    }

    /// <summary>
    /// Agent starts per request ID on one platform, through <c>GET /_emulator/starts?platform=…</c> (every run, job, task or
    /// execution the platform started; idempotent replays start nothing).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> StartsByRequestIdAsync(ReliabilityPlatform platform)
    {
        await Emulator.WaitForIdleAsync(TimeSpan.FromMinutes(1));
        using var document = JsonDocument.Parse(await admin.GetStringAsync($"_emulator/starts?platform={platform.EmulatorName}"));
        return document.RootElement.EnumerateArray()
            .GroupBy(s => s.GetProperty("requestId").GetString() ?? "(none)", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>The chaos counts for one platform, through <c>GET /_emulator/chaos</c>: firings by mode, after-send faults, abandoned requests.</summary>
    public async Task<PlatformChaos> ChaosOnAsync(ReliabilityPlatform platform)
    {
        using var document = JsonDocument.Parse(await admin.GetStringAsync("_emulator/chaos"));
        var root = document.RootElement;
        // Chaos names platforms by its own enum (docs_gpt), the starts list by the platform (docsgpt).
        var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(platform.Chaos.ToString());
        var firings = root.GetProperty("firings").TryGetProperty(name, out var byMode)
            ? byMode.EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetInt64())
            : [];
        return new PlatformChaos(firings, Count(root.GetProperty("afterSendFaults")), Count(root.GetProperty("unansweredWithoutFault")));

        long Count(JsonElement counts) => counts.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
    }

    /// <summary>Chaos rule firings by mode, through <c>GET /_emulator/chaos</c> (the emulator keeps the latest 1,000).</summary>
    public async Task<IReadOnlyDictionary<string, int>> ChaosFiringsAsync()
    {
        using var document = JsonDocument.Parse(await admin.GetStringAsync("_emulator/chaos"));
        return document.RootElement.GetProperty("events").EnumerateArray()
            .GroupBy(e => e.GetProperty("mode").GetString()!)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    public async Task SetChaosAsync(ChaosSettings settings)
    {
        using var response = await admin.PutAsJsonAsync("_emulator/chaos", settings, EmulatorJson);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Asserts exactly one write per expected request ID: none lost, none duplicated, none unexpected.</summary>
    public Task<LedgerReport> AssertExactlyOnceAsync(IReadOnlySet<string> expected) => AssertExactlyOnceAsync(expected, _ => true);

    /// <summary>
    /// As <see cref="AssertExactlyOnceAsync(IReadOnlySet{string})"/>, counting only the writes <paramref name="ours"/> claims:
    /// for scenarios on a shared broker, where another test run's published request can reach this world's queue too.
    /// </summary>
    public async Task<LedgerReport> AssertExactlyOnceAsync(IReadOnlySet<string> expected, Func<string, bool> ours)
    {
        var written = (await DestinationRequestIdsAsync()).Where(ours).ToList();
        var counts = written.GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var lost = expected.Count(id => !counts.ContainsKey(id));
        var duplicated = counts.Values.Sum(c => c - 1);
        var unexpected = counts.Keys.Count(id => !expected.Contains(id));
        var report = new LedgerReport(expected.Count, written.Count, lost, duplicated, unexpected, await RunCountAsync(), await ReplayCountAsync());
        Assert.True(lost == 0 && duplicated == 0 && unexpected == 0 && written.Count == expected.Count, $"Destination ledger is wrong: {report}");
        return report;
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await Emulator.DisposeAsync();
    }

    private static readonly JsonSerializerOptions EmulatorJson = ElsaWorkspaceAgents.Emulator.Common.ApiJson.Admin;
}

/// <summary>What chaos did to one platform's trigger requests.</summary>
/// <param name="Firings">Rule firings by mode.</param>
/// <param name="AfterSendFaults">Injected faults after which the client cannot know whether its request was processed.</param>
/// <param name="Unanswered">Requests the client abandoned with no fault injected (its own attempt timeout).</param>
internal sealed record PlatformChaos(IReadOnlyDictionary<string, long> Firings, long AfterSendFaults, long Unanswered);

/// <summary>What the destination shows against what was sent.</summary>
internal sealed record LedgerReport(int Expected, int Written, int Lost, int Duplicated, int Unexpected, int Runs, int IdempotentReplays);
