using System.Text.Json;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Options;
using ElsaWorkspaceAgents.Activities;
using ElsaWorkspaceAgents.Core.Callbacks;

namespace ElsaWorkspaceAgents.Callbacks;

/// <summary>
/// Resumes the workflow instance whose Wait For Agent Result waits for a verified callback's run, through Elsa's
/// <see cref="IWorkflowResumer"/> and the bookmark keyed by <see cref="AgentCallbackStimulus"/>. Bookmarks are stored, so
/// this works after a host restart; a resumed bookmark is burnt, so a duplicate delivery finds none and resumes nothing.
/// Unlike sending a stimulus, it does not queue a callback nobody waits for: an unknown run stays unknown (404).
/// </summary>
internal sealed class WorkflowCallbackHandler(IWorkflowResumer resumer) : IAgentCallbackHandler
{
    /// <summary>The workflow input key the callback's run snapshot travels under (as JSON).</summary>
    public const string InputKey = "WorkspaceAgents.Callback";

    public async ValueTask<AgentCallbackHandling> HandleAsync(AgentCallback callback, CancellationToken cancellationToken)
    {
        var options = new ResumeBookmarkOptions
        {
            Input = new Dictionary<string, object> { [InputKey] = JsonSerializer.Serialize(callback.Snapshot, WaitForAgentResult.StateJson) },
        };
        var resumed = await resumer.ResumeAsync<WaitForAgentResult>(AgentCallbackStimulus.For(callback.ConnectionName, callback.RunId), options, cancellationToken)
            .ConfigureAwait(false);
        return resumed.Any() ? AgentCallbackHandling.Handled : AgentCallbackHandling.UnknownRun;
    }
}
