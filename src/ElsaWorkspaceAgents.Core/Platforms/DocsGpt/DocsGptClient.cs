using System.Buffers;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Security;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Platforms.DocsGpt;

/// <summary>
/// DocsGPT agent webhook: <c>POST {base}/api/webhooks/agents/{token}</c> with the payload as JSON (the request's
/// structured input, else <c>{"question": input}</c>) and an <c>Idempotency-Key</c> header, answered with
/// <c>{"task_id"}</c> to poll. With <see cref="AgentConnection.UseGet"/> the same payload travels as a query string.
/// The token in the URL is the credential, so URLs are shown only as <c>…/api/webhooks/agents/***</c>.
/// </summary>
internal sealed class DocsGptClient : AgentPlatformClientBase
{
    /// <summary>DocsGPT's documented upper bound for <c>Idempotency-Key</c>.</summary>
    public const int MaxIdempotencyKeyLength = 256;

    /// <summary>Beyond this, servers and proxies start refusing URLs (414); POST has no such limit.</summary>
    public const int MaxGetUrlLength = 8_000;

    public DocsGptClient(ResilientTriggerSender sender, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        IOptionsMonitor<WorkspaceAgentsOptions> options)
        : base(sender, timeProvider, loggerFactory, options)
    {
    }

    public override AgentPlatform Platform => AgentPlatform.DocsGpt;

    protected override PreparedRequest Prepare(AgentConnection connection, AgentTriggerRequest request)
    {
        var token = RequireWebhookToken(connection.Token);
        if (request.IdempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new AgentInputException(
                $"The idempotency key is {request.IdempotencyKey.Length} characters; DocsGPT accepts at most {MaxIdempotencyKeyLength}.", nameof(request.IdempotencyKey));
        }

        var payload = BuildPayload(connection, request);
        var baseUrl = BaseUrl(connection);
        if (!connection.UseGet)
        {
            return new PreparedRequest
            {
                Method = HttpMethod.Post,
                Url = WebhookUrl(baseUrl, token),
                DisplayUrl = WebhookUrl(baseUrl, SecretRedactor.Mask).AbsoluteUri,
                IdempotencyKey = request.IdempotencyKey,
                Body = payload,
            };
        }

        var query = BuildQuery(payload);
        var url = new Uri(WebhookUrl(baseUrl, token).AbsoluteUri + query);
        if (url.AbsoluteUri.Length > MaxGetUrlLength)
        {
            throw new AgentInputException(
                $"The payload makes a {url.AbsoluteUri.Length:N0}-character URL; GET triggers stay under {MaxGetUrlLength:N0}. Use POST (UseGet = false) for this input.",
                nameof(request.Input));
        }

        return new PreparedRequest
        {
            Method = HttpMethod.Get,
            Url = url,
            DisplayUrl = WebhookUrl(baseUrl, SecretRedactor.Mask).AbsoluteUri + query,
            IdempotencyKey = request.IdempotencyKey,
        };
    }

    protected override ValueTask<TriggerOutcome> ReadAcceptedAsync(PlatformCall call, SendResult result, CancellationToken cancellationToken)
    {
        using var document = JsonFields.ParseObject(result.Body);
        var taskId = document is null ? null : JsonFields.Text(document.RootElement, "task_id", "taskId");

        // A 2xx without a task_id still enqueued the task; a retry with the same key returns it, so say so instead of failing.
        var detail = taskId is null
            ? "Accepted, but the answer carried no task_id to poll; sending the same event again with the same idempotency key returns the original task."
            : null;
        return ValueTask.FromResult(OutcomeFactory.Accepted(call, result, TimeProvider.GetUtcNow(), runId: taskId, runStatus: "PENDING", detail: detail));
    }

    /// <summary>The token must be present and usable as a URL path segment as it stands (never escaped, never echoed).</summary>
    public static string RequireWebhookToken(string? token)
    {
        ConnectionRules.RequireToken(token, "DocsGPT agent webhook token");
        return ConnectionRules.RequirePathSegment(token, "DocsGPT agent webhook token");
    }

    private static Uri WebhookUrl(Uri baseUrl, string token) => PreparedRequest.Combine(baseUrl, "api/webhooks/agents/" + token);

    /// <summary>The JSON payload: the structured input as given (it must be an object), else <c>{"question": input}</c>.</summary>
    private static string BuildPayload(AgentConnection connection, AgentTriggerRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(request.Input.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (request.StructuredInput is { } structured)
            {
                if (structured.ValueKind != JsonValueKind.Object)
                {
                    throw new AgentInputException(
                        $"The DocsGPT payload must be a JSON object (the fields the agent's prompt and tools expect); got {structured.ValueKind}.",
                        nameof(request.StructuredInput));
                }

                structured.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("question", request.Input);
                writer.WriteEndObject();
            }
        }

        var limit = connection.MaxInputLength ?? PlatformInputLimits.For(AgentPlatform.DocsGpt);
        if (buffer.WrittenCount > limit * 4L)
        {
            throw new AgentInputException($"The DocsGPT payload is {buffer.WrittenCount:N0} bytes; at most {limit:N0} characters are accepted.", nameof(request.StructuredInput));
        }

        var payload = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (payload.Length > limit)
        {
            throw new AgentInputException($"The DocsGPT payload is {payload.Length:N0} characters; at most {limit:N0} are accepted.", nameof(request.StructuredInput));
        }

        return payload;
    }

    /// <summary>The GET form: each top-level field as <c>name=value</c>. Nested values cannot be expressed, so they are refused.</summary>
    private static string BuildQuery(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var query = new StringBuilder();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                JsonValueKind.Null => string.Empty,
                _ => throw new AgentInputException(
                    $"The field '{property.Name}' is an {property.Value.ValueKind}; a GET trigger carries only flat fields. Use POST (UseGet = false) for nested payloads.",
                    "StructuredInput"),
            };

            query.Append(query.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(property.Name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return query.ToString();
    }
}
