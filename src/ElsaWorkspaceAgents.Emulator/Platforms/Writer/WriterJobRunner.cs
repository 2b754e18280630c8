using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>Moves an async job through queued, in_progress, then completed (artifact) or error (or <c>failed</c>, per fixture).</summary>
internal sealed class WriterJobRunner(WriterState state, EmulatorTimings timings, ILogger<WriterJobRunner> logger)
{
    public async Task RunAsync(string jobId, WriterBlueprintFixture blueprint, CancellationToken cancellationToken)
    {
        await EmulatorTimings.DelayAsync(timings.WriterJobStepDelay, cancellationToken).ConfigureAwait(false);
        if (!state.UpdateJob(jobId, (job, now) => job with { Status = WriterJobStatus.InProgress, StartedAt = now }))
        {
            return;
        }

        await EmulatorTimings.DelayAsync(timings.WriterJobStepDelay, cancellationToken).ConfigureAwait(false);
        var status = blueprint.Error is null ? WriterJobStatus.Completed : state.FailedJobStatus;
        state.UpdateJob(jobId, (job, now) => blueprint.Error is { } error
            ? job with { Status = status, Error = error, FinishedAt = now }
            : job with { Status = status, Artifact = ReturnValueRenderer.Render(blueprint.ReturnValue, job.Inputs), FinishedAt = now });
        WriterLog.JobFinished(logger, jobId, status);
    }
}
