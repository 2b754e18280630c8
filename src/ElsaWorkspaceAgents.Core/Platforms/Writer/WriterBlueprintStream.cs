using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>Resolves the named connection and hands the call to <see cref="WriterClient.StreamAsync"/>.</summary>
internal sealed class WriterBlueprintStream : IWriterBlueprintStream
{
    private readonly AgentConnectionRegistry connections;
    private readonly WriterClient client;
    private readonly TimeProvider timeProvider;

    public WriterBlueprintStream(AgentConnectionRegistry connections, WriterClient client, TimeProvider timeProvider)
    {
        this.connections = connections;
        this.client = client;
        this.timeProvider = timeProvider;
    }

    public Task<TriggerOutcome> RunAsync(AgentTriggerRequest request, string? connectionName,
        Func<RunSnapshot, CancellationToken, ValueTask> onProgress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onProgress);
        var name = AgentConnectionRegistry.NameOf(connectionName);
        AgentConnection connection;
        try
        {
            connection = connections.Resolve(name);
            if (connection.Platform != AgentPlatform.Writer)
            {
                throw new AgentInputException($"The connection '{name}' is a {connection.Platform} connection; blueprint streams need a Writer one.", nameof(connectionName));
            }
        }
        catch (AgentInputException exception)
        {
            return Task.FromResult(OutcomeFactory.Refused(AgentPlatform.Writer, name, request.IdempotencyKey ?? string.Empty, request.SourceRequestId,
                exception.Message, timeProvider.GetUtcNow(), []));
        }

        return client.StreamAsync(name, connection, request, onProgress, cancellationToken);
    }
}
