namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>A fixture could not be read or is inconsistent.</summary>
public sealed class FixtureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FixtureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public FixtureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
