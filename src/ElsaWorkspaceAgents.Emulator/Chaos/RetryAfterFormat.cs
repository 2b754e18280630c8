namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>The two forms RFC 9110 allows for Retry-After.</summary>
public enum RetryAfterFormat
{
    /// <summary><c>Retry-After: 2</c></summary>
    Seconds,

    /// <summary><c>Retry-After: Wed, 21 Oct 2026 07:28:00 GMT</c></summary>
    HttpDate,
}
