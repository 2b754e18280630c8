using System.Text.Json;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox.Diagnostics;
using ElsaWorkspaceAgents.Outbox.Dispatching;
using ElsaWorkspaceAgents.Outbox.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>Validates and stores triggers; the dispatcher sends them.</summary>
internal sealed class AgentTriggerOutbox : IAgentTriggerOutbox
{
    private readonly OutboxStore store;
    private readonly OutboxSignal signal;
    private readonly IServiceProvider services;
    private readonly ILogger logger;

    public AgentTriggerOutbox(OutboxStore store, OutboxSignal signal, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        this.store = store;
        this.signal = signal;
        this.services = services;
        logger = loggerFactory.CreateLogger(OutboxLog.CategoryName);
    }

    public async Task<OutboxEnqueueResult> EnqueueAsync(SourceEvent sourceEvent, string? connectionName = null, CancellationToken cancellationToken = default) =>
        (await EnqueueManyAsync([sourceEvent], connectionName, cancellationToken).ConfigureAwait(false))[0];

    public async Task<OutboxEnqueueResult> EnqueueAsync(AgentTriggerRequest request, string? connectionName = null, CancellationToken cancellationToken = default)
    {
        var name = OutboxRequestRules.ConnectionName(connectionName);
        var connection = FindConnection(name);
        OutboxRequestRules.Validate(request, InputLimit(connection));
        return (await StoreAsync([ToRow(request, name)], cancellationToken).ConfigureAwait(false))[0];
    }

    public async Task<IReadOnlyList<OutboxEnqueueResult>> EnqueueManyAsync(IEnumerable<SourceEvent> sourceEvents, string? connectionName = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceEvents);
        var name = OutboxRequestRules.ConnectionName(connectionName);
        var connection = FindConnection(name);
        var limit = InputLimit(connection);
        var rows = new List<OutboxMessage>();
        foreach (var sourceEvent in sourceEvents)
        {
            var request = SourceEventRequests.Create(sourceEvent ?? throw new ArgumentException("An event in the batch is null.", nameof(sourceEvents)), connection);
            OutboxRequestRules.Validate(request, limit);
            rows.Add(ToRow(request, name));
        }

        return rows.Count == 0 ? [] : await StoreAsync(rows, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> ReplayAsync(long id, CancellationToken cancellationToken = default) =>
        ReplayAsync(id, OutboxEntryState.Failed, cancellationToken);

    public Task<bool> ReplayUnconfirmedAsync(long id, bool acceptSecondRunRisk, CancellationToken cancellationToken = default)
    {
        if (!acceptSecondRunRisk)
        {
            throw new ArgumentException(
                "An unconfirmed row may already have started a run on a platform that cannot deduplicate: replaying it may start a second one. " +
                "Check the platform first, and pass acceptSecondRunRisk: true to replay it anyway.", nameof(acceptSecondRunRisk));
        }

        return ReplayAsync(id, OutboxEntryState.Unconfirmed, cancellationToken);
    }

    private async Task<bool> ReplayAsync(long id, OutboxEntryState from, CancellationToken cancellationToken)
    {
        var replayed = await store.ReplayAsync(id, from, cancellationToken).ConfigureAwait(false);
        if (replayed)
        {
            OutboxLog.Replayed(logger, id, from);
            signal.Notify();
        }

        return replayed;
    }

    public Task<int> DeleteAcceptedAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default) =>
        store.DeleteAcceptedAsync(completedBefore.ToUnixTimeMilliseconds(), cancellationToken);

    private async Task<IReadOnlyList<OutboxEnqueueResult>> StoreAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var stored = await store.InsertAsync(rows, cancellationToken).ConfigureAwait(false);
        var results = new OutboxEnqueueResult[stored.Count];
        var created = 0;
        for (var i = 0; i < stored.Count; i++)
        {
            var (row, isNew) = stored[i];
            results[i] = new OutboxEnqueueResult(OutboxEntries.From(row), isNew);
            if (isNew)
            {
                created++;
                OutboxLog.Enqueued(logger, row.Id, row.ConnectionName, row.SourceRequestId, row.IdempotencyKey);
            }
            else
            {
                OutboxLog.Duplicate(logger, row.Id, (OutboxEntryState)row.State, row.ConnectionName, row.IdempotencyKey);
            }
        }

        OutboxTelemetry.Enqueued.Add(created);
        OutboxTelemetry.Deduplicated.Add(stored.Count - created);
        if (created > 0)
        {
            signal.Notify();
        }

        return results;
    }

    /// <summary>The connection's description when it is configured; an unknown name is not an enqueue error (configuration may arrive later).</summary>
    private AgentConnectionDescriptor? FindConnection(string name)
    {
        var connections = services.GetService<IAgentConnectionRegistry>();
        if (connections is null)
        {
            return null;
        }

        try
        {
            return connections.Describe(name);
        }
        catch (AgentInputException)
        {
            return null;
        }
    }

    private static int InputLimit(AgentConnectionDescriptor? connection) => connection?.MaxInputLength ?? PlatformInputLimits.UndocumentedDefault;

    private static OutboxMessage ToRow(AgentTriggerRequest request, string connectionName) => new()
    {
        ConnectionName = connectionName,
        IdempotencyKey = request.IdempotencyKey,
        Input = request.Input,
        ConversationKey = request.ConversationKey,
        SourceRequestId = request.SourceRequestId,
        Source = request.Source,
        StructuredInput = request.StructuredInput is { } structured ? JsonSerializer.Serialize(structured) : null,
    };
}
