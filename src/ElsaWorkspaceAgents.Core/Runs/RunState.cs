namespace ElsaWorkspaceAgents.Core.Runs;

/// <summary>A run's state, normalised across platforms (each platform's own word is kept in <see cref="RunSnapshot.RawStatus"/>).</summary>
public enum RunState
{
    /// <summary>Accepted and waiting (GPT Workbench queued, DocsGPT PENDING, Writer queued).</summary>
    Queued,

    /// <summary>Executing (processing, STARTED/PROGRESS/RETRY, in_progress).</summary>
    Running,

    /// <summary>Finished with a result (completed, SUCCESS).</summary>
    Succeeded,

    /// <summary>Finished without a result (failed, FAILURE, error).</summary>
    Failed,

    /// <summary>The platform reported something we do not recognise; waiting continues until the deadline.</summary>
    Unknown,
}
