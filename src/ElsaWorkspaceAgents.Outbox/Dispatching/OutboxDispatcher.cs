using System.Text.Json;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Outbox.Diagnostics;
using ElsaWorkspaceAgents.Outbox.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Outbox.Dispatching;

/// <summary>
/// Sends pending rows until each reaches a terminal outcome. It claims only as many rows as it has free send slots, so
/// a claimed row is sent at once and never waits out its lease in a local queue; each send is cancelled before its
/// lease expires, so no other dispatcher can be sending the same row at the same time. All state lives in the database:
/// a killed dispatcher leaves leases that expire and are reclaimed, and a resend carries the same idempotency key. Whether
/// a send that ended without an outcome (cut short, stopped, abandoned by a dead dispatcher) may be sent again is
/// <see cref="ResendPolicy"/>'s call: on a platform without idempotency it becomes <see cref="OutboxEntryState.Unconfirmed"/>.
/// </summary>
internal sealed class OutboxDispatcher : BackgroundService
{
    private readonly OutboxStore store;
    private readonly IServiceProvider services;
    private readonly OutboxSignal signal;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly AgentTriggerOutboxOptions options;
    private readonly Random random = new();
    private IAgentTriggerService? triggers;
    private IAgentConnectionRegistry? connections;

    public OutboxDispatcher(OutboxStore store, IServiceProvider services, IOptions<AgentTriggerOutboxOptions> options, OutboxSignal signal,
        TimeProvider time, ILoggerFactory loggerFactory)
    {
        this.store = store;
        this.services = services;
        this.signal = signal;
        this.time = time;
        this.options = options.Value;
        logger = loggerFactory.CreateLogger(OutboxLog.CategoryName);
        WorkerId = string.IsNullOrWhiteSpace(this.options.WorkerId)
            ? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}"
            : this.options.WorkerId;
    }

    /// <summary>This dispatcher's name in lease columns and logs.</summary>
    public string WorkerId { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatcherEnabled)
        {
            return;
        }

        await Task.Yield();
        triggers = services.GetService<IAgentTriggerService>() ?? throw new InvalidOperationException(
            "The outbox dispatcher needs the trigger core: call services.AddWorkspaceAgents(configuration) as well as AddAgentTriggerOutbox.");
        connections = services.GetRequiredService<IAgentConnectionRegistry>();
        WarnIfLeaseIsShort();
        if (!await PrepareSchemaAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        OutboxLog.Started(logger, WorkerId, options.ToString());
        using var slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        var inFlight = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var wanted = 1;
                while (wanted < options.BatchSize && slots.Wait(0))
                {
                    wanted++;
                }

                List<OutboxMessage> claimed;
                try
                {
                    claimed = await store.ClaimAsync(WorkerId, wanted, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    slots.Release(wanted);
                    OutboxLog.ClaimFailed(logger, exception, WorkerId, (long)options.PollInterval.TotalMilliseconds);
                    await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (claimed.Count < wanted)
                {
                    slots.Release(wanted - claimed.Count);
                }

                for (var i = 0; i < claimed.Count; i++)
                {
                    var row = claimed[i];
                    if (i >= wanted)
                    {
                        // Never expected (the claim asks for at most `wanted`), but the slot count is what bounds
                        // connections and concurrent sends, so an extra row waits for a slot rather than exceeding it.
                        await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                    }

                    var task = SendAsync(row, slots, stoppingToken);
                    lock (inFlight)
                    {
                        inFlight.Add(task);
                    }

                    _ = task.ContinueWith(t => { lock (inFlight) { inFlight.Remove(t); } }, CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                if (claimed.Count == 0)
                {
                    await signal.WaitAsync(options.PollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: in-flight sends see the same token and release their rows.
        }

        Task[] remaining;
        lock (inFlight)
        {
            remaining = [.. inFlight];
        }

        await Task.WhenAll(remaining).ConfigureAwait(false);
        OutboxLog.Stopped(logger, WorkerId);
    }

    private async Task SendAsync(OutboxMessage row, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await DispatchAsync(row, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task DispatchAsync(OutboxMessage row, CancellationToken stoppingToken)
    {
        using var activity = OutboxTelemetry.ActivitySource.StartActivity("outbox.dispatch");
        activity?.SetTag("outbox.row_id", row.Id);
        activity?.SetTag("outbox.connection", row.ConnectionName);
        activity?.SetTag("idempotency_key", row.IdempotencyKey);

        var sendBudget = TimeSpan.FromMilliseconds(row.LeaseUntil!.Value - store.NowMs) - options.LeaseSafetyMargin;
        var platform = PlatformOf(row.ConnectionName);
        DispatchResult result;
        if (row.LastOutcome == OutboxStore.AbandonedSendMarker && platform is { } abandonedOn &&
            ResendPolicy.ForInterruptedSend(abandonedOn, requestMayHaveArrived: true) != ResendAdvice.Automatically)
        {
            // The previous holder may have sent it and died before recording the answer: sending again could be a second run.
            result = DispatchDecider.Interrupted(row, platform, requestMayHaveArrived: true, row.LastError ?? "A previous dispatcher's lease expired mid-send.",
                store.NowMs, options, random);
            activity?.SetTag("outbox.outcome", result.Outcome?.ToString());
            await FinishAsync(row, result).ConfigureAwait(false);
            return;
        }

        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            deadline.CancelAfter(sendBudget > TimeSpan.Zero ? sendBudget : TimeSpan.Zero);
            try
            {
                var request = ToRequest(row);
                var outcome = await triggers!.TriggerAsync(request, row.ConnectionName, deadline.Token).ConfigureAwait(false);
                result = DispatchDecider.Decide(row, Redacted(outcome, row.ConnectionName), store.NowMs, options, random);
                if (outcome.IsAccepted && outcome.RunId is { } runId)
                {
                    await RecordRunAsync(row, runId).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException exception) when (stoppingToken.IsCancellationRequested)
            {
                if (platform is not { } stoppedOn || !MayHaveArrived(exception) ||
                    ResendPolicy.ForInterruptedSend(stoppedOn, requestMayHaveArrived: true) == ResendAdvice.Automatically)
                {
                    await ReleaseAsync(row).ConfigureAwait(false);
                    return;
                }

                result = DispatchDecider.Interrupted(row, platform, requestMayHaveArrived: true,
                    "The dispatcher stopped while the send was in flight.", store.NowMs, options, random);
            }
            catch (OperationCanceledException exception)
            {
                result = DispatchDecider.Interrupted(row, platform, MayHaveArrived(exception),
                    $"Failed: the send did not finish within its lease ({sendBudget.TotalSeconds:0.#} s).", store.NowMs, options, random);
            }
            catch (JsonException)
            {
                result = new DispatchResult
                {
                    State = OutboxEntryState.Failed,
                    Outcome = TriggerOutcomeKind.InvalidInput,
                    Error = "InvalidInput: the stored structured input is not valid JSON; nothing was sent.",
                };
            }
            catch (Exception exception)
            {
                // The trigger service turns every platform answer into an outcome; anything thrown is unexpected but
                // transient until proven otherwise. Only the type and a redacted message are kept.
                result = DispatchDecider.Interrupted(row, platform, requestMayHaveArrived: true,
                    $"Failed: {exception.GetType().Name}: {Redact(exception.Message, row.ConnectionName)?.TrimEnd('.')}.", store.NowMs, options, random);
            }
        }

        activity?.SetTag("outbox.outcome", result.Outcome?.ToString());
        await FinishAsync(row, result).ConfigureAwait(false);
    }

    /// <summary>Remembers the run so its completion callback can be recorded against this row (before the row is finished, so it is there first).</summary>
    private async Task RecordRunAsync(OutboxMessage row, string runId)
    {
        try
        {
            await services.GetRequiredService<OutboxRunStore>().RecordAcceptedAsync(row.Id, row.ConnectionName, runId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The row's own result matters more: it is still written; only the callback record is missing.
            OutboxLog.FinishFailed(logger, exception, row.Id, row.IdempotencyKey);
        }
    }

    private async Task FinishAsync(OutboxMessage row, DispatchResult result)
    {
        bool recorded;
        try
        {
            // Not the stopping token: a result already obtained is worth recording during shutdown.
            recorded = await store.FinishAsync(row, result, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            OutboxLog.FinishFailed(logger, exception, row.Id, row.IdempotencyKey);
            return;
        }

        if (!recorded)
        {
            OutboxLog.LeaseLost(logger, row.Id, row.IdempotencyKey);
            return;
        }

        var attempt = row.DispatchAttempts + result.DispatchAttempts;
        var tags = new KeyValuePair<string, object?>("connection", row.ConnectionName);
        switch (result.State)
        {
            case OutboxEntryState.Accepted:
                OutboxTelemetry.Accepted.Add(1, tags);
                OutboxLog.Accepted(logger, row.Id, row.ConnectionName, attempt, row.SourceRequestId, row.IdempotencyKey);
                break;
            case OutboxEntryState.Unconfirmed:
                OutboxTelemetry.Unconfirmed.Add(1, tags);
                OutboxLog.Unconfirmed(logger, row.Id, row.ConnectionName, row.SourceRequestId, row.IdempotencyKey, result.Error);
                break;
            case OutboxEntryState.Failed:
                OutboxTelemetry.Failed.Add(1, tags, new KeyValuePair<string, object?>("outcome", result.Outcome?.ToString()));
                OutboxLog.TerminalFailure(logger, row.Id, result.Outcome, row.ConnectionName, row.SourceRequestId, row.IdempotencyKey, result.Error);
                break;
            default:
                OutboxTelemetry.Rescheduled.Add(1, tags, new KeyValuePair<string, object?>("outcome", result.Outcome?.ToString()));
                OutboxLog.Rescheduled(logger, row.Id, result.Outcome, attempt, Math.Max(0, result.NextAttemptAt!.Value - store.NowMs),
                    row.IdempotencyKey, result.Error);
                break;
        }
    }

    private async Task ReleaseAsync(OutboxMessage row)
    {
        try
        {
            await store.ReleaseAsync(row, CancellationToken.None).ConfigureAwait(false);
            OutboxLog.Released(logger, row.Id, row.IdempotencyKey);
        }
        catch (Exception exception)
        {
            // The lease will expire and the row will be claimed again: nothing is lost.
            OutboxLog.FinishFailed(logger, exception, row.Id, row.IdempotencyKey);
        }
    }

    private static AgentTriggerRequest ToRequest(OutboxMessage row)
    {
        JsonElement? structured = null;
        if (row.StructuredInput is not null)
        {
            using var document = JsonDocument.Parse(row.StructuredInput);
            structured = document.RootElement.Clone();
        }

        return new AgentTriggerRequest
        {
            Input = row.Input,
            IdempotencyKey = row.IdempotencyKey,
            ConversationKey = row.ConversationKey,
            SourceRequestId = row.SourceRequestId,
            Source = row.Source,
            StructuredInput = structured,
        };
    }

    /// <summary>Only a cancellation the sender proved happened with nothing on the wire counts as "nothing arrived".</summary>
    private static bool MayHaveArrived(OperationCanceledException exception) =>
        exception is not TriggerCancelledException { RequestMayHaveArrived: false };

    /// <summary>The platform of a configured connection; null for an unknown name (the send reports it as a terminal failure).</summary>
    private AgentPlatform? PlatformOf(string connectionName)
    {
        try
        {
            return connections!.Describe(connectionName).Platform;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Core already redacts outcome details; doing it again against the connection's secrets costs nothing and guards the row.</summary>
    private TriggerOutcome Redacted(TriggerOutcome outcome, string connectionName) =>
        outcome.Detail is null ? outcome : outcome with { Detail = Redact(outcome.Detail, connectionName) };

    private string? Redact(string? text, string connectionName) => connections!.Redact(connectionName, text);

    private async Task<bool> PrepareSchemaAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await store.EnsureSchemaAsync(stoppingToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception exception)
            {
                OutboxLog.SchemaFailed(logger, exception, WorkerId, (long)options.PollInterval.TotalMilliseconds);
                try
                {
                    await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    private void WarnIfLeaseIsShort()
    {
        var retry = services.GetService<IOptions<WorkspaceAgentsOptions>>()?.Value.Retry;
        if (retry is not null && options.LeaseDuration - options.LeaseSafetyMargin < retry.TotalTimeout)
        {
            OutboxLog.LeaseShorterThanRetryBudget(logger, options.LeaseDuration, options.LeaseSafetyMargin, retry.TotalTimeout);
        }
    }
}
