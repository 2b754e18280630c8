using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Outbox;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// One platform's events against what the platform started (the emulator's admin API) and what the outbox says, and the
/// guarantee that platform must keep: exactly once where it honours Idempotency-Key; at most once elsewhere, every event
/// Accepted or Unconfirmed, with the Unconfirmed ones accounted for by the faults that left the client in doubt.
/// </summary>
internal sealed record PlatformLedger(
    ReliabilityPlatform Platform,
    int Events,
    int Accepted,
    int Unconfirmed,
    int Starts,
    int Lost,
    int StartedMoreThanOnce,
    int UnexpectedStarts,
    int UnconfirmedByDeadDispatchers,
    int UnconfirmedTimeoutsNeverReceived,
    PlatformChaos Chaos,
    IReadOnlyDictionary<string, int> UnconfirmedReasons)
{
    /// <summary>Reads the outbox rows of the platform's connection and the platform's starts.</summary>
    public static async Task<PlatformLedger> ReadAsync(ReliabilityWorld world, IOutboxQueries queries, ReliabilityPlatform platform,
        IReadOnlyList<SourceEvent> events)
    {
        var rows = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
        for (long after = 0; ;)
        {
            var page = await queries.ListAsync(afterId: after, take: 5_000);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var row in page.Where(r => r.ConnectionName == platform.ConnectionName))
            {
                rows[row.SourceRequestId!] = row;
            }

            after = page[^1].Id;
        }

        var starts = await world.StartsByRequestIdAsync(platform);
        var expected = TestEvents.RequestIds(events);
        int accepted = 0, unconfirmed = 0, lost = 0, twice = 0, dead = 0, unseen = 0;
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var requestId in expected)
        {
            var started = starts.GetValueOrDefault(requestId);
            var state = rows.TryGetValue(requestId, out var row) ? row.State : (OutboxEntryState?)null;
            twice += started > 1 ? 1 : 0;
            switch (state)
            {
                case OutboxEntryState.Accepted:
                    accepted++;
                    lost += started == 0 ? 1 : 0;
                    break;
                case OutboxEntryState.Unconfirmed:
                    unconfirmed++;
                    dead += row!.LastError?.Contains("expired before it recorded", StringComparison.Ordinal) == true ? 1 : 0;
                    // The client's own timeout on a request the platform never started (stuck in a busy machine's backlog):
                    // a doubt for the client, but one the starts ledger settles, and no fault the emulator could count.
                    unseen += started == 0 && row.LastError?.Contains("No answer in time", StringComparison.Ordinal) == true ? 1 : 0;
                    var reason = row.LastError is { Length: > 90 } text ? text[..90] : row.LastError ?? "(none)";
                    reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    break;
                default:
                    // Still pending, failed for good, or never stored: nothing says what became of it.
                    lost++;
                    break;
            }
        }

        var unexpected = starts.Where(s => !expected.Contains(s.Key)).Sum(s => s.Value);
        return new PlatformLedger(platform, events.Count, accepted, unconfirmed, starts.Values.Sum(), lost, twice, unexpected, dead, unseen,
            await world.ChaosOnAsync(platform), reasons);
    }

    /// <summary>
    /// Asserts the platform's guarantee. <paramref name="deadDispatcherAllowance"/> is how many rows dispatchers killed
    /// mid-send may have left in flight (their sends are in doubt by construction, not by chaos).
    /// </summary>
    public void AssertGuarantee(int deadDispatcherAllowance = 0)
    {
        Assert.True(UnexpectedStarts == 0, $"{Platform}: runs started for events that were never sent: {this}");
        Assert.True(StartedMoreThanOnce == 0, $"{Platform}: events started more than once: {this}");
        Assert.True(Lost == 0, $"{Platform}: events lost: {this}");
        Assert.True(Chaos.AfterSendFaults > 0, $"{Platform}: no fault left the client in doubt, so the run proves less than it claims: {this}");
        if (Platform.HonoursIdempotencyKey)
        {
            Assert.True(Accepted == Events && Unconfirmed == 0 && Starts == Events, $"{Platform}: not exactly once: {this}");
            return;
        }

        Assert.True(Accepted + Unconfirmed == Events, $"{Platform}: an event ended neither Accepted nor Unconfirmed: {this}");
        Assert.True(UnconfirmedByDeadDispatchers <= deadDispatcherAllowance,
            $"{Platform}: more rows left in doubt by dead dispatchers than they could have had in flight ({deadDispatcherAllowance}): {this}");
        Assert.True(Unconfirmed - UnconfirmedByDeadDispatchers - UnconfirmedTimeoutsNeverReceived <= Chaos.AfterSendFaults + Chaos.Unanswered,
            $"{Platform}: more Unconfirmed than faults that left the client in doubt: {this}; reasons: " +
            string.Join("; ", UnconfirmedReasons.Select(r => $"{r.Value} × {r.Key}")));
    }

    /// <summary>The README row: events, starts, lost, started twice, Accepted, Unconfirmed and what accounts for them.</summary>
    public override string ToString() =>
        $"{Platform}: {Events:N0} events, {Starts:N0} starts, lost {Lost}, started twice {StartedMoreThanOnce}, accepted {Accepted:N0}, " +
        $"unconfirmed {Unconfirmed:N0} (after-send faults injected {Chaos.AfterSendFaults:N0}, abandoned by the client {Chaos.Unanswered:N0}, " +
        $"left by killed dispatchers {UnconfirmedByDeadDispatchers}, client timeouts on requests never received {UnconfirmedTimeoutsNeverReceived})";
}
