namespace ElsaWorkspaceAgents.Core;

/// <summary>The run's status could not be read (unknown run, refused credential, platform without a status API).</summary>
public sealed class RunTrackingException : Exception
{
    public RunTrackingException(string message, int? httpStatus = null, bool isTransient = false) : base(message)
    {
        HttpStatus = httpStatus;
        IsTransient = isTransient;
    }

    /// <summary>The HTTP status of the failed status read, if one arrived.</summary>
    public int? HttpStatus { get; }

    /// <summary>
    /// True when asking again later may succeed (no answer within the retry budget, 408, 429 or a 5xx), so a durable
    /// waiter keeps polling until its deadline; false when the answer will not change (unknown run, refused credential,
    /// a platform without a status API).
    /// </summary>
    public bool IsTransient { get; }
}
