namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>How the receiver answered a delivery.</summary>
public enum AgentCallbackVerdict
{
    /// <summary>Verified and acted on (200).</summary>
    Accepted,

    /// <summary>Verified, but this delivery or this run's result was handled before: answered 200 so the sender stops retrying, nothing done again.</summary>
    AlreadyHandled,

    /// <summary>No such connection, or it has no callback secret configured (404).</summary>
    UnknownConnection,

    /// <summary>The body is larger than the connection's limit (413).</summary>
    TooLarge,

    /// <summary>No signature header (401).</summary>
    MissingSignature,

    /// <summary>The signature header is not in the configured form (401).</summary>
    MalformedSignature,

    /// <summary>The signature does not match the body under the connection's secret: tampered or signed with another secret (401).</summary>
    InvalidSignature,

    /// <summary>The delivery was sent outside the timestamp tolerance, or says nothing about when it was sent (401).</summary>
    Stale,

    /// <summary>A delivery ID seen before arrived with a different body (409).</summary>
    DeliveryIdReused,

    /// <summary>Verified, but not a JSON object naming a run (400).</summary>
    InvalidBody,

    /// <summary>Verified, but no handler knows the run (404); nothing was resumed or changed.</summary>
    UnknownRun,
}
