namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>Everything the resilient sender needs to make one trigger call for a platform client.</summary>
internal sealed class PlatformCall
{
    public required AgentPlatform Platform { get; init; }

    /// <summary>Non-secret description of the target for logs and outcomes.</summary>
    public required string Target { get; init; }

    public required string IdempotencyKey { get; init; }

    public string? SourceRequestId { get; init; }

    /// <summary>Builds a fresh request for each attempt; every attempt carries the same key and body.</summary>
    public required IAttemptRequestSource Request { get; init; }

    /// <summary>True to leave a successful response's body unread (a stream the client consumes itself).</summary>
    public bool StreamSuccessBody { get; init; }

    /// <summary>Secrets to strip from anything that leaves the sender as text.</summary>
    public required IReadOnlyList<string?> Secrets { get; init; }
}

/// <summary>
/// Builds the request for each attempt of one call. An interface rather than a delegate: the prepared request
/// implements it, so no delegate is allocated per call.
/// </summary>
internal interface IAttemptRequestSource
{
    HttpRequestMessage Create();
}
