using System.Diagnostics;
using System.Runtime.CompilerServices;
using ElsaWorkspaceAgents.Core.Audit;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Platforms;

/// <summary>
/// The shape every platform client shares: validate everything, then send through the resilient sender, then
/// turn the answer into a typed outcome and audit it. Platforms supply only how to build the request and how to
/// read a successful answer.
/// </summary>
internal abstract class AgentPlatformClientBase : IAgentPlatformClient
{
    private readonly ResilientTriggerSender sender;
    private readonly IOptionsMonitor<WorkspaceAgentsOptions> options;

    // The reader for the usual path, as one delegate: a method group passed per call is a new delegate per call.
    private readonly Func<PlatformCall, SendResult, CancellationToken, ValueTask<TriggerOutcome>> readAcceptedDefault;

    protected AgentPlatformClientBase(ResilientTriggerSender sender, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        IOptionsMonitor<WorkspaceAgentsOptions> options)
    {
        this.sender = sender;
        this.options = options;
        readAcceptedDefault = ReadAcceptedAsync;
        TimeProvider = timeProvider;
        Logger = loggerFactory.CreateLogger(TriggerAuditLog.CategoryName);
    }

    public abstract AgentPlatform Platform { get; }

    protected TimeProvider TimeProvider { get; }

    protected ILogger Logger { get; }

    /// <summary>The current library options (retry budget and so on).</summary>
    protected WorkspaceAgentsOptions Options => options.CurrentValue;

    /// <summary>True when a successful response is a stream the client reads itself.</summary>
    protected virtual bool StreamsSuccessBody(AgentConnection connection) => false;

    public Task<TriggerOutcome> TriggerAsync(string connectionName, AgentConnection connection, AgentTriggerRequest request,
        CancellationToken cancellationToken = default) =>
        TriggerCoreAsync(connectionName, connection, request, readAcceptedDefault, cancellationToken).AsTask();

    /// <summary>
    /// <see cref="TriggerAsync"/> with the 2xx reader supplied per call, for clients that report progress while they
    /// read (Writer's stream).
    /// </summary>
    /// <remarks>
    /// A pooled ValueTask: the call always waits on the network, and a pooled state machine plus the small task
    /// <see cref="ValueTask{TResult}.AsTask"/> makes for the public API cost less than a new async box per call. Await it
    /// once (or call AsTask once).
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected async ValueTask<TriggerOutcome> TriggerCoreAsync(string connectionName, AgentConnection connection, AgentTriggerRequest request,
        Func<PlatformCall, SendResult, CancellationToken, ValueTask<TriggerOutcome>> readAccepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        var target = connection.DescribeAs(connectionName);
        var secrets = connection.SecretsToRedact();
        using var activity = TriggerTelemetry.Start(Platform, target, request.SourceRequestId, request.IdempotencyKey);
        PreparedRequest prepared;
        try
        {
            ValidateCommon(connection, request);
            prepared = Prepare(connection, request);
        }
        catch (AgentInputException exception)
        {
            TriggerAuditLog.Refused(Logger, Platform, target, exception.Message, request.SourceRequestId, request.IdempotencyKey ?? string.Empty);
            var refused = OutcomeFactory.Refused(Platform, target, request.IdempotencyKey ?? string.Empty, request.SourceRequestId,
                exception.Message, TimeProvider.GetUtcNow(), secrets);
            TriggerTelemetry.Finish(activity, Platform, refused);
            return refused;
        }

        if (options.CurrentValue.LogInputText)
        {
            TriggerAuditLog.Input(Logger, request.SourceRequestId, request.Input);
        }

        var call = new PlatformCall
        {
            Platform = Platform,
            Target = target,
            IdempotencyKey = request.IdempotencyKey,
            SourceRequestId = request.SourceRequestId,
            Request = prepared,
            StreamSuccessBody = StreamsSuccessBody(connection),
            Secrets = secrets,
        };

        SendResult result;
        try
        {
            result = await sender.SendAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (TriggerCancelledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "Cancelled");
            throw;
        }

        using var sent = result;
        var outcome = result.Response is { IsSuccessStatusCode: true }
            ? await readAccepted(call, result, cancellationToken).ConfigureAwait(false)
            : OutcomeFactory.NotAccepted(call, result, TimeProvider.GetUtcNow());
        if (outcome.Kind == TriggerOutcomeKind.Unconfirmed)
        {
            outcome = await SettleUnconfirmedAsync(connection, request, outcome, cancellationToken).ConfigureAwait(false);
        }

        TriggerAuditLog.Outcome(Logger, outcome.Kind, Platform, target, outcome.HttpStatus, outcome.Attempts,
            (long)outcome.Elapsed.TotalMilliseconds, outcome.SourceRequestId, outcome.IdempotencyKey, outcome.RunId, outcome.Timestamp);
        TriggerTelemetry.Finish(activity, Platform, outcome);
        return outcome;
    }

    public TriggerPreview Preview(string connectionName, AgentConnection connection, AgentTriggerRequest request)
    {
        ValidateCommon(connection, request);
        return Prepare(connection, request).ToPreview(Platform);
    }

    /// <summary>Builds the validated request. Throws <see cref="AgentInputException"/> with a clear message for anything invalid.</summary>
    protected abstract PreparedRequest Prepare(AgentConnection connection, AgentTriggerRequest request);

    /// <summary>Reads a 2xx answer into an accepted outcome (or a failed one if the answer is not understood).</summary>
    protected abstract ValueTask<TriggerOutcome> ReadAcceptedAsync(PlatformCall call, SendResult result, CancellationToken cancellationToken);

    /// <summary>
    /// Where the platform can prove that an unconfirmed request arrived, turns the outcome into Accepted (with its run ID);
    /// otherwise returns it as it is. Only ever reads: settling a doubt must not create a new one.
    /// </summary>
    protected virtual ValueTask<TriggerOutcome> SettleUnconfirmedAsync(AgentConnection connection, AgentTriggerRequest request,
        TriggerOutcome unconfirmed, CancellationToken cancellationToken) => ValueTask.FromResult(unconfirmed);

    protected Uri BaseUrl(AgentConnection connection)
    {
        try
        {
            return ConnectionRules.ValidateBaseUrl(connection.ResolveBaseUrl());
        }
        catch (InvalidOperationException exception)
        {
            throw new AgentInputException(exception.Message, nameof(connection.BaseUrl));
        }
    }

    private void ValidateCommon(AgentConnection connection, AgentTriggerRequest request)
    {
        IdempotencyKey.Validate(request.IdempotencyKey, nameof(request.IdempotencyKey));
        if (request.ConversationKey is not null)
        {
            ConversationKey.Validate(request.ConversationKey, nameof(request.ConversationKey));
        }

        if (request.Input is null || (request.StructuredInput is null && string.IsNullOrWhiteSpace(request.Input)))
        {
            throw new AgentInputException("The agent input is empty; build it from the source event first.", nameof(request.Input));
        }

        if (!KeyPartValidator.IsWellFormed(request.Input))
        {
            throw new AgentInputException("The agent input contains invalid Unicode (an unpaired surrogate).", nameof(request.Input));
        }

        var limit = connection.MaxInputLength ?? PlatformInputLimits.For(Platform);
        if (request.Input.Length > limit)
        {
            throw new AgentInputException(
                $"The agent input is {request.Input.Length:N0} characters; {Platform} accepts at most {limit:N0}. Send a smaller payload or a shorter summary.",
                nameof(request.Input));
        }
    }
}
