using System.Globalization;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>
/// Posts completion results to a trigger's callback URL, signed, with bounded exponential-backoff retries
/// (<see cref="EmulatorTimings.WebhookMaxAttempts"/> attempts; non-2xx, timeouts and transport errors are retried).
/// </summary>
internal sealed class WebhookDispatcher(GptWorkbenchState state, EmulatorTimings timings, TimeProvider time, ILogger<WebhookDispatcher> logger) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task DeliverAsync(WorkbenchExecution execution, string url, string secret, string threadId, string? triggerName, CancellationToken cancellationToken)
    {
        var eventName = execution.Status == WorkbenchExecutionStatus.Completed ? "execution.completed" : "execution.failed";
        var now = time.GetUtcNow();
        var body = JsonSerializer.Serialize(
            new
            {
                @event = eventName,
                triggerId = execution.TriggerId,
                triggerName,
                threadId,
                jobId = execution.JobId,
                runId = execution.RunId,
                status = eventName == "execution.completed" ? "completed" : "failed",
                prompt = execution.Prompt,
                source = execution.Source,
                response = execution.Response,
                errorMessage = execution.ErrorMessage,
                queuedAt = Timestamps.Iso(execution.QueuedAt),
                startedAt = Timestamps.Iso(execution.StartedAt),
                completedAt = Timestamps.Iso(execution.CompletedAt),
                timestamp = Timestamps.Iso(now),
            },
            ApiJson.Wire);
        var bytes = Encoding.UTF8.GetBytes(body);
        var delivery = new WebhookDelivery
        {
            DeliveryId = Ids.Prefixed("whd_"),
            TriggerId = execution.TriggerId,
            JobId = execution.JobId!,
            Url = url,
            Event = eventName,
            Body = body,
            Signature = WebhookSignature.Compute(secret, bytes),
            Timestamp = now.ToUnixTimeSeconds(),
            Status = WebhookDeliveryStatus.Pending,
            Attempts = [],
        };
        state.RecordDelivery(delivery);

        var attempts = new List<WebhookAttempt>();
        var maxAttempts = Math.Max(1, timings.WebhookMaxAttempts);
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            var (statusCode, error) = await SendAsync(delivery, bytes, cancellationToken).ConfigureAwait(false);
            attempts.Add(new WebhookAttempt(attempt, time.GetUtcNow(), statusCode, error));
            var delivered = statusCode is >= 200 and < 300;
            GptWorkbenchLog.WebhookAttempt(logger, delivery.DeliveryId, attempt, error ?? ("HTTP " + statusCode?.ToString(CultureInfo.InvariantCulture)));
            var status = delivered ? WebhookDeliveryStatus.Delivered : attempt == maxAttempts ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
            delivery = delivery with { Status = status, Attempts = attempts.ToArray() };
            state.RecordDelivery(delivery);
            if (status != WebhookDeliveryStatus.Pending)
            {
                return;
            }

            var backoff = TimeSpan.FromTicks(timings.WebhookRetryBaseDelay.Ticks * (1L << (attempt - 1)));
            await EmulatorTimings.DelayAsync(backoff, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a recorded delivery once more, byte for byte (same delivery ID, body, signature and timestamp), as the
    /// platform's retry would; the attempt is appended to the delivery. Null when the delivery is unknown.
    /// </summary>
    public async Task<WebhookDelivery?> RedeliverAsync(string deliveryId, CancellationToken cancellationToken)
    {
        if (state.Deliveries.FirstOrDefault(d => d.DeliveryId == deliveryId) is not { } delivery)
        {
            return null;
        }

        var (statusCode, error) = await SendAsync(delivery, Encoding.UTF8.GetBytes(delivery.Body), cancellationToken).ConfigureAwait(false);
        var current = state.Deliveries.First(d => d.DeliveryId == deliveryId);
        var attempts = current.Attempts.Append(new WebhookAttempt(current.Attempts.Count + 1, time.GetUtcNow(), statusCode, error)).ToArray();
        var redelivered = current with
        {
            Status = statusCode is >= 200 and < 300 ? WebhookDeliveryStatus.Delivered : current.Status,
            Attempts = attempts,
        };
        state.RecordDelivery(redelivered);
        return redelivered;
    }

    private async Task<(int? StatusCode, string? Error)> SendAsync(WebhookDelivery delivery, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, delivery.Signature);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, delivery.Timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, delivery.Event);
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, delivery.DeliveryId);
        request.Headers.TryAddWithoutValidation("User-Agent", "GPT-Workbench-Webhook/1.0 (ElsaWorkspaceAgents.Emulator)");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timings.WebhookTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "timeout");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.HttpRequestError.ToString());
        }
    }

    public void Dispose() => http.Dispose();
}
