using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary>Prints a trigger outcome for people or scripts.</summary>
public static class OutcomeView
{
    public static void Print(Reporter reporter, TriggerOutcome outcome)
    {
        if (reporter.Json)
        {
            return;
        }

        reporter.Line($"Outcome: {outcome.Kind}");
        reporter.Line($"HTTP status: {outcome.HttpStatus?.ToString() ?? "(no response)"}");
        reporter.Line($"Request ID: {outcome.SourceRequestId}");
        reporter.Line($"Idempotency key: {outcome.IdempotencyKey}");
        if (outcome.RunId is not null)
        {
            reporter.Line($"Run ID: {outcome.RunId}");
        }

        if (outcome.RunStatus is not null)
        {
            reporter.Line($"Run status: {outcome.RunStatus}");
        }

        reporter.Line($"Attempts: {outcome.Attempts}");
        if (outcome.Output is not null)
        {
            reporter.Line($"Output: {outcome.Output}");
        }

        if (outcome.Detail is not null)
        {
            reporter.Line($"Detail: {outcome.Detail}");
        }

        if (outcome.Guidance is not null)
        {
            reporter.Line($"What to do: {outcome.Guidance}");
        }
    }
}
