using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Common;

namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>
/// Decides, per trigger request, which chaos rules fire. Thread-safe; probability rolls come from one seeded
/// <see cref="Random"/> under the lock, so a given seed and request order replay identically.
/// </summary>
public sealed class ChaosEngine
{
    private const int MaxEvents = 1000;
    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly LinkedList<ChaosEvent> events = new();
    private readonly Dictionary<(ChaosPlatform, ChaosMode), long> firings = [];
    private readonly Dictionary<ChaosPlatform, long> afterSend = [];
    private readonly Dictionary<ChaosPlatform, long> unanswered = [];
    private ChaosSettings settings = new();
    private Random random = new(12345);

    internal ChaosEngine(TimeProvider time) => this.time = time;

    /// <summary>The active settings, with counts as they stand now.</summary>
    public ChaosSettings Current
    {
        get
        {
            lock (gate)
            {
                return Copy(this.settings);
            }
        }
    }

    /// <summary>The most recent 1,000 rule firings, oldest first.</summary>
    public IReadOnlyList<ChaosEvent> Events
    {
        get
        {
            lock (gate)
            {
                return events.ToArray();
            }
        }
    }

    /// <summary>Rule firings per platform and mode since the rules were last set (not capped like <see cref="Events"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Firings
    {
        get
        {
            lock (gate)
            {
                return this.firings.GroupBy(f => Name(f.Key.Item1)).ToDictionary(
                    g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(f => Name(f.Key.Item2), f => f.Value));
            }
        }
    }

    /// <summary>
    /// Per platform, the faults injected after the request reached the emulator that leave the client without an answer
    /// saying nothing started: a reset, an accepted request whose answer was dropped, a hold or delay the client gave up
    /// on, a 408 or a 5xx other than 501, 503 and 505 (a 502 or 504 comes from a gateway that may have passed the request
    /// on), and any server error injected after the request was processed. On a platform
    /// without idempotency each such fault is one request the client cannot confirm, so it bounds the Unconfirmed count.
    /// </summary>
    public IReadOnlyDictionary<string, long> AfterSendFaults
    {
        get
        {
            lock (gate)
            {
                return afterSend.ToDictionary(f => Name(f.Key), f => f.Value);
            }
        }
    }

    /// <summary>Per platform, trigger requests the client abandoned before their answer although no fault was injected (its own timeout).</summary>
    public IReadOnlyDictionary<string, long> UnansweredWithoutFault
    {
        get
        {
            lock (gate)
            {
                return unanswered.ToDictionary(f => Name(f.Key), f => f.Value);
            }
        }
    }

    /// <summary>Replaces all rules, reseeds the random source and zeroes the counts.</summary>
    public void Configure(ChaosSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (gate)
        {
            this.settings = Copy(settings);
            this.random = new Random(this.settings.Seed);
            this.firings.Clear();
            afterSend.Clear();
            unanswered.Clear();
        }
    }

    internal void CountAfterSendFault(ChaosPlatform platform)
    {
        lock (gate)
        {
            afterSend[platform] = afterSend.GetValueOrDefault(platform) + 1;
        }
    }

    internal void CountUnanswered(ChaosPlatform platform)
    {
        lock (gate)
        {
            unanswered[platform] = unanswered.GetValueOrDefault(platform) + 1;
        }
    }

    /// <summary>True for an injected status after which a client cannot know whether the request was processed.</summary>
    internal static bool LeavesClientInDoubt(int statusCode) => statusCode is 408 or (>= 500 and < 600 and not (501 or 503 or 505));

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    internal void Load(ChaosSettings settings)
    {
        Configure(settings);
        lock (gate)
        {
            events.Clear();
        }
    }

    internal ChaosDecision Evaluate(ChaosPlatform platform, string? target)
    {
        lock (gate)
        {
            if (this.settings.Rules.Count == 0)
            {
                return ChaosDecision.None;
            }

            var latency = 0;
            ChaosRule? disruption = null;
            foreach (var rule in this.settings.Rules)
            {
                var isLatency = rule.Mode == ChaosMode.Latency;
                if ((!isLatency && disruption is not null)
                    || rule.Count == 0
                    || (rule.Platform is { } p && p != platform)
                    || (rule.Target is not null && !string.Equals(rule.Target, target, StringComparison.Ordinal))
                    || (rule.Probability < 1.0 && this.random.NextDouble() >= rule.Probability))
                {
                    continue;
                }

                if (rule.Count is { } count)
                {
                    rule.Count = count - 1;
                }

                events.AddLast(new ChaosEvent(this.time.GetUtcNow(), platform, target, rule.Mode, rule.Id));
                this.firings[(platform, rule.Mode)] = this.firings.GetValueOrDefault((platform, rule.Mode)) + 1;
                if (events.Count > MaxEvents)
                {
                    events.RemoveFirst();
                }

                if (isLatency)
                {
                    latency += Math.Max(0, rule.LatencyMs);
                }
                else
                {
                    disruption = rule;
                }
            }

            return latency == 0 && disruption is null ? ChaosDecision.None : new ChaosDecision(latency, disruption);
        }
    }

    internal DateTimeOffset Now => this.time.GetUtcNow();

    private static ChaosSettings Copy(ChaosSettings settings) =>
        JsonSerializer.Deserialize<ChaosSettings>(JsonSerializer.Serialize(settings, ApiJson.Admin), ApiJson.Admin)!;
}
