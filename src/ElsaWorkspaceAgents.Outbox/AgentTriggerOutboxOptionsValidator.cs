using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>Refuses option combinations that would break the outbox's guarantees, at start-up rather than mid-flight.</summary>
internal sealed class AgentTriggerOutboxOptionsValidator : IValidateOptions<AgentTriggerOutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentTriggerOutboxOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{AgentTriggerOutboxOptions.SectionName}:ConnectionString is required (e.g. o.UseSqlite(\"Data Source=outbox.db\")).");
        }

        if (options.LeaseDuration <= options.LeaseSafetyMargin || options.LeaseSafetyMargin < TimeSpan.Zero)
        {
            failures.Add("LeaseDuration must be longer than LeaseSafetyMargin (a send is cut off at lease minus margin).");
        }

        if (options.BatchSize < 1 || options.MaxConcurrency < 1 || options.MaxAttempts < 1)
        {
            failures.Add("BatchSize, MaxConcurrency and MaxAttempts must be at least 1.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay
            || options.MaxAge <= TimeSpan.Zero || options.SqliteBusyTimeout < TimeSpan.Zero)
        {
            failures.Add("PollInterval and MaxAge must be positive, RetryMaxDelay at least RetryBaseDelay, and no delay negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
