using System.Security.Cryptography;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>
/// Checks, in order: a connection with a callback secret (404), the body size (413), a signature header (401), its form
/// (401), the HMAC-SHA256 of the raw body in constant time (401), the signed sending time within the tolerance (401), the
/// body naming a run (400), the delivery ID — seen with the same body: answered 200 without acting; with another body: 409 —
/// and whether the run's result was handled already (200 without acting). Only then do the handlers act; when none knows
/// the run, 404 and nothing is remembered, so the sender's retry gets another chance once the waiter exists.
/// </summary>
internal sealed class AgentCallbackReceiver : IAgentCallbackReceiver
{
    private readonly IOptionsMonitor<WorkspaceAgentsOptions> options;
    private readonly IEnumerable<IAgentCallbackHandler> handlers;
    private readonly IAgentCallbackMemory memory;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    // Handlers see one callback at a time, so a delivery and its concurrent retry cannot both act.
    private readonly SemaphoreSlim handling = new(1, 1);

    public AgentCallbackReceiver(IOptionsMonitor<WorkspaceAgentsOptions> options, IEnumerable<IAgentCallbackHandler> handlers,
        IAgentCallbackMemory memory, TimeProvider timeProvider, ILogger<AgentCallbackReceiver> logger)
    {
        this.options = options;
        this.handlers = handlers;
        this.memory = memory;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    public int? MaxBodyBytes(string connectionName) => Find(connectionName)?.Callback.MaxBodyBytes;

    public async Task<AgentCallbackResult> ReceiveAsync(string connectionName, Func<string, string?> header, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        connectionName ??= string.Empty;
        var result = await DecideAsync(connectionName, header, body, cancellationToken).ConfigureAwait(false);
        if (result.Callback is { } callback)
        {
            AgentCallbackLog.Verified(logger, connectionName, callback.DeliveryId, callback.RunId, result.Verdict);
        }
        else
        {
            AgentCallbackLog.Refused(logger, connectionName, result.Verdict, result.Reason);
        }

        return result;
    }

    private async Task<AgentCallbackResult> DecideAsync(string connectionName, Func<string, string?> header, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        if (Find(connectionName) is not { } connection)
        {
            return new(AgentCallbackVerdict.UnknownConnection, "No connection with this name has a callback secret configured.");
        }

        var scheme = connection.Callback;
        if (body.Length > scheme.MaxBodyBytes)
        {
            return new(AgentCallbackVerdict.TooLarge, $"The body is larger than the {scheme.MaxBodyBytes:N0} bytes this connection accepts.");
        }

        var signature = header(scheme.SignatureHeader);
        if (string.IsNullOrWhiteSpace(signature))
        {
            return new(AgentCallbackVerdict.MissingSignature, $"The delivery has no {scheme.SignatureHeader} header.");
        }

        if (!AgentCallbackSignature.TryDecode(signature, scheme, out var mac))
        {
            var prefix = scheme.SignaturePrefix.Length == 0 ? string.Empty : $"'{scheme.SignaturePrefix}' followed by ";
            return new(AgentCallbackVerdict.MalformedSignature,
                $"The {scheme.SignatureHeader} header is not {prefix}a {scheme.SignatureEncoding} HMAC-SHA256.");
        }

        if (!AgentCallbackSignature.Matches(connection.CallbackSecret!, body.Span, mac))
        {
            return new(AgentCallbackVerdict.InvalidSignature,
                "The signature does not match the body: it was altered on the way or signed with another secret.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new(AgentCallbackVerdict.InvalidBody, "The body is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(AgentCallbackVerdict.InvalidBody, "The body is not a JSON object.");
            }

            var now = timeProvider.GetUtcNow();
            if (AgentCallbackBody.SentAt(root, scheme.TimestampField, Header(header, scheme.TimestampHeader)) is not { } sentAt)
            {
                return new(AgentCallbackVerdict.Stale, $"The delivery does not say when it was sent (no readable '{scheme.TimestampField}' field).");
            }

            if ((now - sentAt).Duration() > scheme.Tolerance)
            {
                return new(AgentCallbackVerdict.Stale,
                    $"The delivery was sent at {sentAt:u}, more than {scheme.Tolerance.TotalSeconds:0} s from now: refused as stale or replayed.");
            }

            if (!AgentCallbackBody.TryRead(connection.Platform, root, now, out var runId, out var eventName, out var snapshot))
            {
                return new(AgentCallbackVerdict.InvalidBody, "The body names no run (jobId).");
            }

            var digest = Convert.ToHexString(SHA256.HashData(body.Span)).ToLowerInvariant();
            var deliveryId = Header(header, scheme.DeliveryIdHeader) is { Length: > 0 and <= 200 } id ? id : "sha256:" + digest;
            var callback = new AgentCallback
            {
                ConnectionName = connectionName, Platform = connection.Platform, DeliveryId = deliveryId, RunId = runId,
                Event = eventName, Snapshot = snapshot, SentAt = sentAt, ReceivedAt = now,
            };

            await handling.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await DispatchAsync(callback, digest, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                handling.Release();
            }
        }
    }

    private async Task<AgentCallbackResult> DispatchAsync(AgentCallback callback, string digest, CancellationToken cancellationToken)
    {
        var name = callback.ConnectionName;
        if (await memory.FindDeliveryAsync(name, callback.DeliveryId, cancellationToken).ConfigureAwait(false) is { } seen)
        {
            return seen == digest
                ? new(AgentCallbackVerdict.AlreadyHandled, $"Delivery {callback.DeliveryId} was handled before; nothing was done again.", callback)
                : new(AgentCallbackVerdict.DeliveryIdReused, $"Delivery {callback.DeliveryId} was handled before with a different body: refused.");
        }

        if (await memory.WasRunHandledAsync(name, callback.RunId, cancellationToken).ConfigureAwait(false))
        {
            await memory.RememberAsync(name, callback.DeliveryId, digest, callback.RunId, callback.ReceivedAt, cancellationToken).ConfigureAwait(false);
            return new(AgentCallbackVerdict.AlreadyHandled, $"The result of run {callback.RunId} was handled before; nothing was done again.", callback);
        }

        var handled = false;
        var already = false;
        foreach (var handler in handlers)
        {
            switch (await handler.HandleAsync(callback, cancellationToken).ConfigureAwait(false))
            {
                case AgentCallbackHandling.Handled:
                    handled = true;
                    break;
                case AgentCallbackHandling.AlreadyHandled:
                    already = true;
                    break;
            }
        }

        if (!handled && !already)
        {
            return new(AgentCallbackVerdict.UnknownRun, $"No waiting workflow, outbox row or listener knows run {callback.RunId}; nothing was resumed or changed.");
        }

        await memory.RememberAsync(name, callback.DeliveryId, digest, callback.RunId, callback.ReceivedAt, cancellationToken).ConfigureAwait(false);
        return handled
            ? new(AgentCallbackVerdict.Accepted, $"Run {callback.RunId}: {callback.Snapshot.RawStatus}.", callback)
            : new(AgentCallbackVerdict.AlreadyHandled, $"The result of run {callback.RunId} was handled before; nothing was done again.", callback);
    }

    private AgentConnection? Find(string connectionName) =>
        options.CurrentValue.Connections.TryGetValue(connectionName, out var connection) && !string.IsNullOrEmpty(connection.CallbackSecret)
            ? connection
            : null;

    private static string? Header(Func<string, string?> header, string name) => string.IsNullOrEmpty(name) ? null : header(name)?.Trim();
}
