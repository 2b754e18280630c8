using ElsaWorkspaceAgents.Core.Callbacks;
using ElsaWorkspaceAgents.Outbox.Storage;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// Records each verified completion callback against the outbox row that started its run (see <see cref="IOutboxQueries.GetRunAsync"/>).
/// A run no row started is unknown here; a second callback for a recorded run changes nothing.
/// </summary>
internal sealed class OutboxCallbackHandler(OutboxRunStore runs) : IAgentCallbackHandler
{
    public async ValueTask<AgentCallbackHandling> HandleAsync(AgentCallback callback, CancellationToken cancellationToken) =>
        await runs.RecordCallbackAsync(callback, cancellationToken).ConfigureAwait(false);
}
