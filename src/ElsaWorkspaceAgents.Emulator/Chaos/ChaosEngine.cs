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
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly LinkedList<ChaosEvent> _events = new();
    private ChaosSettings _settings = new();
    private Random _random = new(12345);

    internal ChaosEngine(TimeProvider time) => _time = time;

    /// <summary>The active settings, with counts as they stand now.</summary>
    public ChaosSettings Current
    {
        get
        {
            lock (_gate)
            {
                return Copy(_settings);
            }
        }
    }

    /// <summary>The most recent 1,000 rule firings, oldest first.</summary>
    public IReadOnlyList<ChaosEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>Replaces all rules and reseeds the random source.</summary>
    public void Configure(ChaosSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            _settings = Copy(settings);
            _random = new Random(_settings.Seed);
        }
    }

    internal void Load(ChaosSettings settings)
    {
        Configure(settings);
        lock (_gate)
        {
            _events.Clear();
        }
    }

    internal ChaosDecision Evaluate(ChaosPlatform platform, string? target)
    {
        lock (_gate)
        {
            if (_settings.Rules.Count == 0)
            {
                return ChaosDecision.None;
            }

            var latency = 0;
            ChaosRule? disruption = null;
            foreach (var rule in _settings.Rules)
            {
                var isLatency = rule.Mode == ChaosMode.Latency;
                if ((!isLatency && disruption is not null)
                    || rule.Count == 0
                    || (rule.Platform is { } p && p != platform)
                    || (rule.Target is not null && !string.Equals(rule.Target, target, StringComparison.Ordinal))
                    || (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability))
                {
                    continue;
                }

                if (rule.Count is { } count)
                {
                    rule.Count = count - 1;
                }

                _events.AddLast(new ChaosEvent(_time.GetUtcNow(), platform, target, rule.Mode, rule.Id));
                if (_events.Count > MaxEvents)
                {
                    _events.RemoveFirst();
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

    internal DateTimeOffset Now => _time.GetUtcNow();

    private static ChaosSettings Copy(ChaosSettings settings) =>
        JsonSerializer.Deserialize<ChaosSettings>(JsonSerializer.Serialize(settings, ApiJson.Admin), ApiJson.Admin)!;
}
