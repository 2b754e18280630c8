namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>The receiver's answer to one delivery: what to send back and why. Holds no secret and no signature.</summary>
/// <param name="Verdict">What was decided.</param>
/// <param name="Reason">A plain sentence saying why, for the sender and for people.</param>
/// <param name="Callback">The verified callback, when the signature checked out and the body named a run.</param>
public sealed record AgentCallbackResult(AgentCallbackVerdict Verdict, string Reason, AgentCallback? Callback = null)
{
    /// <summary>The HTTP status to answer with.</summary>
    public int StatusCode => Verdict switch
    {
        AgentCallbackVerdict.Accepted or AgentCallbackVerdict.AlreadyHandled => 200,
        AgentCallbackVerdict.UnknownConnection or AgentCallbackVerdict.UnknownRun => 404,
        AgentCallbackVerdict.TooLarge => 413,
        AgentCallbackVerdict.DeliveryIdReused => 409,
        AgentCallbackVerdict.InvalidBody => 400,
        _ => 401,
    };

    /// <summary>True when the delivery was answered with success.</summary>
    public bool IsSuccess => StatusCode == 200;
}
