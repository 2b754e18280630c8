namespace ElsaWorkspaceAgents.ElsaTests.Workflows;

/// <summary>Tests that start the sample host run one at a time: each is a full Elsa server with its own SQLite file.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SampleHostCollection
{
    public const string Name = "Sample host";
}
