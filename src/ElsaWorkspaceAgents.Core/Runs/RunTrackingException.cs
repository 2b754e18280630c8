namespace ElsaWorkspaceAgents.Core.Runs;

/// <summary>The run's status could not be read (unknown run, refused credential, platform without a status API).</summary>
public sealed class RunTrackingException : Exception
{
    public RunTrackingException(string message, int? httpStatus = null) : base(message) => HttpStatus = httpStatus;

    /// <summary>The HTTP status of the failed status read, if one arrived.</summary>
    public int? HttpStatus { get; }
}
