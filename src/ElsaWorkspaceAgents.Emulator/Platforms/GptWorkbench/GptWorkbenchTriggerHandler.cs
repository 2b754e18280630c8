using System.Net;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>
/// <c>POST /webhooks/trigger/{apiToken}</c> and <c>GET /webhooks/trigger/{apiToken}/status</c>. Order of checks: token (404, also
/// for disabled triggers and rotated tokens), IP whitelist (403), body (400), hourly rate limit (429).
/// </summary>
internal sealed class GptWorkbenchTriggerHandler(
    GptWorkbenchState state,
    BackgroundWorkQueue queue,
    GptWorkbenchProcessor processor,
    TimeProvider time,
    ILogger<GptWorkbenchTriggerHandler> logger)
{
    public const int MaxPromptLength = 50_000;
    public const int MaxSourceLength = 100;

    public async Task<IResult> TriggerAsync(string apiToken, HttpContext context)
    {
        var gate = Gate(apiToken, context);
        if (gate.Refusal is not null)
        {
            return gate.Refusal;
        }

        var triggerId = gate.TriggerId!;
        var body = await JsonBody.ReadAsync(context.Request, requireJsonContentType: true, context.RequestAborted).ConfigureAwait(false);
        var invalid = Validate(body, out var prompt, out var source);
        if (invalid is not null)
        {
            GptWorkbenchLog.Refused(logger, triggerId, 400, invalid);
            return GptWorkbenchErrors.BadRequest(invalid);
        }

        var metadata = new WorkbenchRequestMetadata(
            ClientIp(context)?.ToString(),
            context.Request.Headers.UserAgent.FirstOrDefault(),
            time.GetUtcNow());
        var admitted = state.Admit(triggerId, prompt!, source, metadata);
        if (admitted.JobId is null)
        {
            if (admitted.RetryAfterSeconds == 0)
            {
                return GptWorkbenchErrors.InvalidToken();
            }

            GptWorkbenchLog.Refused(logger, triggerId, 429, "rate limit");
            return GptWorkbenchErrors.RateLimited(context, admitted.RetryAfterSeconds, state.GetTrigger(triggerId)?.RateLimitPerHour ?? 0);
        }

        var jobId = admitted.JobId;
        queue.Enqueue(ct => processor.ProcessAsync(jobId, ct));
        GptWorkbenchLog.Queued(logger, triggerId, jobId);
        return Results.Json(
            new { jobId, status = "queued", message = "Prompt queued for processing", estimatedWaitTime = "2-30 seconds" },
            ApiJson.Wire,
            statusCode: StatusCodes.Status202Accepted);
    }

    public IResult Status(string apiToken, HttpContext context)
    {
        var gate = Gate(apiToken, context);
        if (gate.Refusal is not null)
        {
            return gate.Refusal;
        }

        var latest = state.LatestExecution(gate.TriggerId!);
        if (latest is null)
        {
            return Results.Json(
                new
                {
                    jobId = (string?)null,
                    status = "idle",
                    runId = (string?)null,
                    response = (string?)null,
                    errorMessage = (string?)null,
                    queuedAt = (string?)null,
                    startedAt = (string?)null,
                    completedAt = (string?)null,
                    message = "No executions yet",
                },
                ApiJson.Wire);
        }

        return Results.Json(
            new
            {
                jobId = latest.JobId,
                status = JsonNamingPolicy.SnakeCaseLower.ConvertName(latest.Status.ToString()),
                runId = latest.RunId,
                prompt = latest.Prompt,
                source = latest.Source,
                response = latest.Response,
                errorMessage = latest.ErrorMessage,
                queuedAt = Timestamps.Iso(latest.QueuedAt),
                startedAt = Timestamps.Iso(latest.StartedAt),
                completedAt = Timestamps.Iso(latest.CompletedAt),
            },
            ApiJson.Wire);
    }

    /// <summary>Chaos targets name the trigger id, which survives token regeneration.</summary>
    public string? ResolveTriggerId(string? apiToken) => apiToken is null ? null : state.FindTriggerIdByToken(apiToken);

    private (IResult? Refusal, string? TriggerId) Gate(string apiToken, HttpContext context)
    {
        var gate = state.Gate(apiToken, ClientIp(context));
        switch (gate.Outcome)
        {
            case GptWorkbenchState.GateOutcome.Open:
                return (null, gate.TriggerId);
            case GptWorkbenchState.GateOutcome.IpNotAllowed:
                GptWorkbenchLog.Refused(logger, gate.TriggerId!, 403, "ip not whitelisted");
                return (GptWorkbenchErrors.IpNotWhitelisted(), gate.TriggerId);
            case GptWorkbenchState.GateOutcome.Disabled:
                GptWorkbenchLog.Refused(logger, gate.TriggerId!, 404, "trigger disabled");
                return (GptWorkbenchErrors.InvalidToken(), gate.TriggerId);
            default:
                GptWorkbenchLog.Refused(logger, "(unknown token)", 404, "unknown token");
                return (GptWorkbenchErrors.InvalidToken(), null);
        }
    }

    private IPAddress? ClientIp(HttpContext context)
    {
        if (state.TrustForwardedFor
            && context.Request.Headers["X-Forwarded-For"].FirstOrDefault() is { } forwarded
            && IPAddress.TryParse(forwarded.Split(',')[0].Trim(), out var address))
        {
            return address;
        }

        return context.Connection.RemoteIpAddress;
    }

    private static string? Validate(JsonBodyResult body, out string? prompt, out string? source)
    {
        prompt = null;
        source = null;
        switch (body.Status)
        {
            case JsonBodyStatus.NotJsonContentType:
                return "Content-Type must be application/json";
            case JsonBodyStatus.Empty:
            case JsonBodyStatus.Malformed:
                return "body must be valid JSON";
        }

        if (body.Root.ValueKind != JsonValueKind.Object)
        {
            return "body must be a JSON object";
        }

        if (!body.Root.TryGetProperty("prompt", out var promptElement) || promptElement.ValueKind != JsonValueKind.String)
        {
            return "prompt is required and must be a string";
        }

        prompt = promptElement.GetString();
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return "prompt must not be empty";
        }

        if (prompt.Length > MaxPromptLength)
        {
            return $"prompt exceeds {MaxPromptLength} characters";
        }

        if (body.Root.TryGetProperty("source", out var sourceElement) && sourceElement.ValueKind != JsonValueKind.Null)
        {
            if (sourceElement.ValueKind != JsonValueKind.String)
            {
                return "source must be a string";
            }

            source = sourceElement.GetString();
            if (source!.Length > MaxSourceLength)
            {
                return $"source exceeds {MaxSourceLength} characters";
            }
        }

        return null;
    }
}
