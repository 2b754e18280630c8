namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>A retry that reused an Idempotency-Key and got the original 202 instead of a second run.</summary>
/// <param name="ChannelId">Channel called.</param>
/// <param name="IdempotencyKey">The reused key.</param>
/// <param name="OriginalRunId">The run the key belongs to.</param>
/// <param name="At">When the retry arrived.</param>
/// <param name="SameBody">Whether the retry's body equalled the original (a different body is a caller bug, but is still not re-run).</param>
public sealed record IdempotentReplay(string ChannelId, string IdempotencyKey, string OriginalRunId, DateTimeOffset At, bool SameBody);
