namespace ElsaWorkspaceAgents.Cli.Demo;

/// <summary>How one platform's demo ended, for the summary and for <c>--json</c>.</summary>
public sealed record DemoResult
{
    public required string Platform { get; init; }

    public required bool Verified { get; init; }

    public required int ExitCode { get; init; }

    public int? HttpStatus { get; init; }

    public string? RequestId { get; init; }

    public string? IdempotencyKey { get; init; }

    public string? RunId { get; init; }

    /// <summary>The verified line or output (the destination write for Workspace Agents).</summary>
    public string? Result { get; init; }

    public string? Problem { get; init; }
}
