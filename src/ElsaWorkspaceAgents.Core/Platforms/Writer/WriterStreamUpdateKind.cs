namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>What one <see cref="WriterStreamUpdate"/> reports.</summary>
public enum WriterStreamUpdateKind
{
    /// <summary>A progress event: <c>{"status": "executing", "message": "Executing blueprint: …"}</c>.</summary>
    Status,

    /// <summary>A piece of the Return Value: <c>{"delta": "…"}</c>.</summary>
    Delta,

    /// <summary>The blueprint reported an error.</summary>
    Error,

    /// <summary>The stream ended with <c>data: [DONE]</c>; the last update of a complete run.</summary>
    Done,

    /// <summary>The stream ended without <c>data: [DONE]</c>: the output may be incomplete. Always the last update.</summary>
    EndedEarly,
}
