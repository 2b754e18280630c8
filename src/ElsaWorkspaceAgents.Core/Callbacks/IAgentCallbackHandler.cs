namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>
/// Acts on verified completion callbacks (the Elsa pack resumes the waiting workflow, the outbox records the result on
/// its row, the CLI prints it). Register with <c>services.AddAgentCallbackHandler&lt;T&gt;()</c>; every handler sees
/// every verified callback, and only callbacks that passed every check reach a handler.
/// </summary>
public interface IAgentCallbackHandler
{
    /// <summary>
    /// Acts on the callback, or says it is not about a run this handler knows. Must be idempotent: a crash between acting
    /// and answering makes the sender deliver again.
    /// </summary>
    ValueTask<AgentCallbackHandling> HandleAsync(AgentCallback callback, CancellationToken cancellationToken);
}

/// <summary>What a handler did with a callback.</summary>
public enum AgentCallbackHandling
{
    /// <summary>The run is unknown to this handler; nothing was done.</summary>
    UnknownRun,

    /// <summary>The handler acted on it.</summary>
    Handled,

    /// <summary>The handler had already acted on this run's result; nothing more was done.</summary>
    AlreadyHandled,
}
