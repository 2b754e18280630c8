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

    /// <summary>Every trigger outcome, in the order the designer shows them.</summary>
    public static IReadOnlyList<string> All { get; } = [Accepted, Unauthorized, Forbidden, NotFound, Conflict, RateLimited, InvalidInput, Failed];

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
        _ => Failed,
    };
}
