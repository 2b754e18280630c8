namespace ElsaWorkspaceAgents.Core.Keys;

/// <summary>
/// Derives the <c>Idempotency-Key</c> for a source event. The key depends only on the event's identity,
/// never on the process, the workflow execution or the clock, so a retry, a crash-and-resume or a duplicate
/// delivery of the same event sends the same key and the platform returns the original outcome instead of
/// starting a second run. Different events give different keys.
/// </summary>
/// <remarks>
/// Format: <c>ik1_</c> followed by 64 lowercase hex characters (SHA-256), 68 characters in all:
/// within every platform's limit (DocsGPT allows 256) and safe in an HTTP header.
/// </remarks>
public static class IdempotencyKey
{
    /// <summary>Prefix naming the derivation scheme; a new scheme gets a new prefix.</summary>
    public const string Prefix = "ik1_";

    /// <summary>Length of every derived key.</summary>
    public const int Length = 68;

    /// <summary>Header-safe upper bound the platforms accept.</summary>
    public const int MaxLength = 255;

    /// <summary>Derives the key for one event.</summary>
    /// <param name="sourceSystem">The system the event comes from, e.g. <c>helpdesk</c>.</param>
    /// <param name="eventType">What happened, e.g. <c>ticket.created</c>.</param>
    /// <param name="eventId">The source's identifier for this event.</param>
    /// <param name="scope">
    /// Optional: the trigger (or workflow) the event is sent to, so one event fanned out to two agents
    /// starts each of them once rather than only the first.
    /// </param>
    public static string Derive(string sourceSystem, string eventType, string eventId, string? scope = null)
    {
        KeyPartValidator.Require(sourceSystem, nameof(sourceSystem));
        KeyPartValidator.Require(eventType, nameof(eventType));
        KeyPartValidator.Require(eventId, nameof(eventId));
        KeyPartValidator.Optional(scope, nameof(scope));
        return StableHash.Compute(Prefix, [sourceSystem, eventType, eventId, scope]);
    }

    /// <summary>Derives the key for a <see cref="Events.SourceEvent"/>.</summary>
    public static string For(Events.SourceEvent sourceEvent, string? scope = null) =>
        Derive(sourceEvent.SourceSystem, sourceEvent.EventType, sourceEvent.EventId, scope);

    /// <summary>
    /// Checks a caller-supplied key: non-empty, at most <see cref="MaxLength"/> characters, printable ASCII only
    /// (no CR/LF or other control characters that could split or smuggle headers).
    /// </summary>
    public static void Validate(string? key, string paramName = "idempotencyKey")
    {
        HeaderValueRules.Validate(key, paramName, MaxLength, "Idempotency key");
    }
}
