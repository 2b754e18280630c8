using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Cli.Output;

/// <summary>One exit code per outcome, so scripts can branch without parsing text.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InvalidInput = 2;
    public const int Unauthorized = 3;
    public const int Forbidden = 4;
    public const int NotFound = 5;
    public const int Conflict = 6;
    public const int RateLimited = 7;
    public const int Failed = 8;
    public const int NotVerified = 9;
    public const int RunFailed = 10;

    /// <summary>The request may have started a run on a platform without idempotency and nothing confirmed it: check before sending again.</summary>
    public const int Unconfirmed = 11;
    public const int Cancelled = 130;

    public static int For(TriggerOutcomeKind kind) => kind switch
    {
        TriggerOutcomeKind.Accepted => Success,
        TriggerOutcomeKind.InvalidInput => InvalidInput,
        TriggerOutcomeKind.Unauthorized => Unauthorized,
        TriggerOutcomeKind.Forbidden => Forbidden,
        TriggerOutcomeKind.NotFound => NotFound,
        TriggerOutcomeKind.Conflict => Conflict,
        TriggerOutcomeKind.RateLimited => RateLimited,
        TriggerOutcomeKind.Unconfirmed => Unconfirmed,
        _ => Failed,
    };

    /// <summary>The table printed by <c>--help</c>.</summary>
    public const string Description =
        "Exit codes: 0 accepted/verified, 2 invalid input, 3 unauthorized (401), 4 forbidden (403), 5 not found (404), " +
        "6 conflict (409), 7 rate limited (429), 8 failed (transient failures outlasted retries), 9 demo write not verified, " +
        "10 run finished with an error, 11 unconfirmed (the agent may have started on a platform without idempotency: " +
        "check it before sending again), 130 cancelled.";
}
