using System.Collections.Concurrent;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// Stands in for the trigger core's sending in outbox-only tests: answers with whatever outcome the test chooses (the
/// platform faults the outbox must handle), counts sends per idempotency key and records the most sends of one key that
/// were ever in flight at once. Its connection is configured like any other (<see cref="Configure"/>), so the outbox
/// looks it up through the real connection registry.
/// </summary>
internal sealed class FakeTriggerService(Func<AgentTriggerRequest, int, TriggerOutcomeKind> decide, TimeSpan? latency = null,
    AgentPlatform platform = AgentPlatform.WorkspaceAgents) : IAgentTriggerService
{
    /// <summary>The connection's token: the fake's outcomes echo it in their detail to prove the outbox redacts it.</summary>
    public const string Token = Secrets.HostileToken;

    private readonly ConcurrentDictionary<string, int> sends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> inFlight = new(StringComparer.Ordinal);
    private int maxInFlightPerKey;

    public TimeSpan? RetryAfter { get; set; }

    public IReadOnlyDictionary<string, int> Sends => sends;

    public int MaxInFlightPerKey => Volatile.Read(ref maxInFlightPerKey);

    public int TotalSends => sends.Values.Sum();

    /// <summary>Configures the connection this fake sends through: its platform and the token its outcomes echo.</summary>
    public void Configure(WorkspaceAgentsOptions options) => options.Connections[ReliabilityWorld.ConnectionName] =
        new AgentConnection { Platform = platform, TriggerId = ReliabilityWorld.ChannelId, Token = Token };

    public async Task<TriggerOutcome> TriggerAsync(AgentTriggerRequest request, string? connectionName = null, CancellationToken cancellationToken = default)
    {
        var attempt = sends.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        var concurrent = inFlight.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        InterlockedMax(ref maxInFlightPerKey, concurrent);
        try
        {
            if (latency is { } delay)
            {
                await Task.Delay(delay, cancellationToken);
            }

            var kind = decide(request, attempt);
            return new TriggerOutcome
            {
                Kind = kind,
                Platform = platform,
                Target = $"{connectionName}: fake",
                IdempotencyKey = request.IdempotencyKey,
                SourceRequestId = request.SourceRequestId,
                HttpStatus = kind switch
                {
                    TriggerOutcomeKind.Unconfirmed => null,
                    TriggerOutcomeKind.Accepted => 202,
                    TriggerOutcomeKind.Unauthorized => 401,
                    TriggerOutcomeKind.Forbidden => 403,
                    TriggerOutcomeKind.NotFound => 404,
                    TriggerOutcomeKind.Conflict => 409,
                    TriggerOutcomeKind.RateLimited => 429,
                    TriggerOutcomeKind.InvalidInput => 400,
                    _ => (int?)503,
                },
                Timestamp = DateTimeOffset.UtcNow,
                Attempts = 1,
                Detail = kind == TriggerOutcomeKind.Accepted ? null : $"fake {kind} (the platform echoed Bearer {Token})",
                RetryAfter = kind == TriggerOutcomeKind.RateLimited ? RetryAfter : null,
            };
        }
        finally
        {
            inFlight.AddOrUpdate(request.IdempotencyKey, 0, (_, n) => n - 1);
        }
    }

    public TriggerPreview Preview(AgentTriggerRequest request, string? connectionName = null) => throw new NotSupportedException();

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
