using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>The flow outcomes of the trigger activities, one per <see cref="TriggerOutcomeKind"/>, in words a designer user reads.</summary>
public static class TriggerOutcomes
{
    public const string Accepted = "Accepted";
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "Not Found";
    public const string Conflict = "Conflict";
    public const string RateLimited = "Rate Limited";
    public const string InvalidInput = "Invalid Input";
    public const string Failed = "Failed";

    /// <summary>
    /// The request may have reached GPT Workbench or Writer (no idempotency key) and no answer confirmed it: the agent may
    /// have started. Not sent again; check the platform before sending it again. Never taken on Workspace Agents or DocsGPT,
    /// which retry with the same key instead.
    /// </summary>
    public const string Unconfirmed = "Unconfirmed";

    /// <summary>Every trigger outcome, in the order the designer shows them.</summary>
    public static IReadOnlyList<string> All { get; } = [Accepted, Unauthorized, Forbidden, NotFound, Conflict, RateLimited, InvalidInput, Failed, Unconfirmed];

    /// <summary>The outcome name for a kind.</summary>
    public static string For(TriggerOutcomeKind kind) => kind switch
    {
        TriggerOutcomeKind.Accepted => Accepted,
        TriggerOutcomeKind.Unauthorized => Unauthorized,
        TriggerOutcomeKind.Forbidden => Forbidden,
        TriggerOutcomeKind.NotFound => NotFound,
        TriggerOutcomeKind.Conflict => Conflict,
        TriggerOutcomeKind.RateLimited => RateLimited,
        TriggerOutcomeKind.InvalidInput => InvalidInput,
        TriggerOutcomeKind.Unconfirmed => Unconfirmed,
        _ => Failed,
    };
}
