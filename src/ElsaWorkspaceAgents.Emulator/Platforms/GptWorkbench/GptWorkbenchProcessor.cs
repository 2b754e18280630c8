using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>
/// Processes a queued prompt "in the thread": queued, processing (run id assigned), then completed with a deterministic
/// simulated response, or failed when the fixture says so; then the optional completion webhook.
/// </summary>
internal sealed class GptWorkbenchProcessor(GptWorkbenchState state, WebhookDispatcher webhooks, EmulatorTimings timings, ILogger<GptWorkbenchProcessor> logger)
{
    /// <summary>Prefix of every simulated response; the prompt's first 200 characters follow.</summary>
    public const string ResponsePrefix = "GPT Workbench response to: ";

    public static string SimulatedResponse(string prompt) => ResponsePrefix + (prompt.Length <= 200 ? prompt : prompt[..200]);

    public async Task ProcessAsync(string jobId, CancellationToken cancellationToken)
    {
        await EmulatorTimings.DelayAsync(timings.GptWorkbenchQueueDelay, cancellationToken).ConfigureAwait(false);
        var context = state.StartProcessing(jobId);
        if (context is null)
        {
            return;
        }

        await EmulatorTimings.DelayAsync(timings.GptWorkbenchProcessingDelay, cancellationToken).ConfigureAwait(false);
        var finished = context.FailureMessage is { } failure
            ? state.Finish(jobId, null, failure)
            : state.Finish(jobId, SimulatedResponse(context.Execution.Prompt), null);
        if (finished is not { } done)
        {
            return;
        }

        GptWorkbenchLog.Finished(logger, jobId, done.Execution.TriggerId, done.Execution.Status);
        if (done.WebhookUrl is { } url)
        {
            var name = state.GetTrigger(done.Execution.TriggerId)?.Name;
            await webhooks.DeliverAsync(done.Execution, url, done.Secret, done.ThreadId, name, cancellationToken).ConfigureAwait(false);
        }
    }
}
