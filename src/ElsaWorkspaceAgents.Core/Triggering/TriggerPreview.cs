namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>
/// Exactly what a trigger call would send, with credentials masked: the seed's "test in Preview first".
/// Building a preview runs every check a real call runs, so an invalid request fails here too.
/// </summary>
public sealed record TriggerPreview
{
    /// <summary>The platform.</summary>
    public required AgentPlatform Platform { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The URL with any token in it masked.</summary>
    public required string Url { get; init; }

    /// <summary>Request headers, Authorization masked.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The JSON body exactly as it would be sent.</summary>
    public required string Body { get; init; }
}
