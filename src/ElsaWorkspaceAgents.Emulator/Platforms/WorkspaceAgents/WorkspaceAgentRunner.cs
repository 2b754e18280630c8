using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>
/// The simulated agent: follows the seed notebook's instructions literally. Find the request ID; without one, ask for it and
/// write nothing; with one, write <c>Workspace Agent API demo received: &lt;request id&gt;</c> to the destination named in the
/// input when the agent may write there, else to its default destination.
/// </summary>
internal sealed class WorkspaceAgentRunner(WorkspaceAgentsState state, EmulatorTimings timings, ILogger<WorkspaceAgentRunner> logger)
{
    /// <summary>Every demo write starts with this (seed: "The update should start with ...").</summary>
    public const string WritePrefix = "Workspace Agent API demo received: ";

    /// <summary>Run message when the input carries no request ID.</summary>
    public const string NeedsInputMessage = "Asked for a request ID; no update written";

    public async Task ExecuteAsync(string runId, CancellationToken cancellationToken)
    {
        await EmulatorTimings.DelayAsync(timings.WorkspaceAgentRunDelay, cancellationToken).ConfigureAwait(false);
        var run = state.Start(runId);
        if (run is null)
        {
            return;
        }

        var parsed = DemoAgentInput.Parse(run.Input);
        if (parsed.RequestId is null)
        {
            state.Finish(runId, WorkspaceAgentRunStatus.NeedsInput, NeedsInputMessage, null, null);
            WorkspaceAgentsLog.RunEnded(logger, runId, WorkspaceAgentRunStatus.NeedsInput, NeedsInputMessage);
            return;
        }

        var agent = state.FindChannel(run.ChannelId)?.Agent;
        var destinationName = agent is null ? parsed.Destination : ChooseDestination(agent, parsed.Destination);
        var destination = destinationName is null ? null : state.FindDestination(destinationName);
        if (destination is null || !destination.Connected)
        {
            var message = $"The output destination '{destinationName}' could not be reached; no update written";
            state.Finish(runId, WorkspaceAgentRunStatus.Failed, message, parsed.RequestId, destinationName);
            WorkspaceAgentsLog.RunEnded(logger, runId, WorkspaceAgentRunStatus.Failed, message);
            return;
        }

        var write = state.Write(runId, destination, WritePrefix + parsed.RequestId, parsed);
        if (write is not null)
        {
            WorkspaceAgentsLog.Wrote(logger, runId, write.WriteId, write.Destination, write.Status);
        }
    }

    private static string ChooseDestination(Fixtures.WorkspaceAgentFixture agent, string? named) =>
        named is not null && (named == agent.DefaultDestination || agent.Destinations.Contains(named, StringComparer.Ordinal))
            ? named
            : agent.DefaultDestination;
}
