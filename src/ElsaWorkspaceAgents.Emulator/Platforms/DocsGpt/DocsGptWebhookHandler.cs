using System.Text.Json;
using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>
/// <c>/api/webhooks/agents/{token}</c> (POST JSON, or GET with the query string as payload) and <c>/api/task_status</c>.
/// Shapes follow DocsGPT's Flask handlers: <c>200 {"success": true, "task_id": ...}</c>, <c>404 {"success": false, "message": "Agent not found"}</c>.
/// </summary>
internal sealed class DocsGptWebhookHandler(DocsGptState state, BackgroundWorkQueue queue, DocsGptTaskRunner runner, ILogger<DocsGptWebhookHandler> logger)
{
    /// <summary>Longest Idempotency-Key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 256;

    public async Task<IResult> PostAsync(string token, HttpContext context)
    {
        if (state.FindAgentByToken(token) is not { } agent)
        {
            return NotFound();
        }

        if (ReadIdempotencyKey(context, out var key) is { } invalidKey)
        {
            return invalidKey;
        }

        var body = await JsonBody.ReadAsync(context.Request, requireJsonContentType: true, context.RequestAborted).ConfigureAwait(false);
        if (body.Status != JsonBodyStatus.Ok || body.Root.ValueKind == JsonValueKind.Null)
        {
            DocsGptLog.Refused(logger, 400, "invalid JSON body");
            return DocsGptErrors.Create(StatusCodes.Status400BadRequest, "Invalid or missing JSON data in request body");
        }

        return Enqueue(agent, JsonNode.Parse(body.RawText), "POST", key);
    }

    public IResult Get(string token, HttpContext context)
    {
        if (state.FindAgentByToken(token) is not { } agent)
        {
            return NotFound();
        }

        if (ReadIdempotencyKey(context, out var key) is { } invalidKey)
        {
            return invalidKey;
        }

        // Flask's request.args.to_dict(flat=True): the first value of each parameter, as strings.
        var payload = new JsonObject();
        foreach (var (name, values) in context.Request.Query)
        {
            payload[name] = values.FirstOrDefault() ?? string.Empty;
        }

        return Enqueue(agent, payload, "GET", key);
    }

    public IResult TaskStatus(HttpContext context)
    {
        var taskId = context.Request.Query["task_id"].FirstOrDefault();
        if (string.IsNullOrEmpty(taskId))
        {
            return DocsGptErrors.Create(StatusCodes.Status400BadRequest, "Task ID is required");
        }

        // Celery reports an id it has never seen as PENDING with no result, and DocsGPT passes that through.
        var task = state.GetTask(taskId);
        if (task is { Status: DocsGptTaskStatus.Pending } && !state.WorkersAvailable && state.UnpickedTaskStatusCode is { } unavailable)
        {
            return DocsGptErrors.Create(unavailable, "Task status unavailable: no worker has picked the task up yet");
        }

        return Results.Json(new { status = task?.Status ?? DocsGptTaskStatus.Pending, result = task?.Result }, ApiJson.Wire);
    }

    /// <summary>Chaos targets name the agent id, not the secret token.</summary>
    public string? ResolveAgentId(string? token) => token is null ? null : state.FindAgentByToken(token)?.Id;

    private IResult Enqueue(Fixtures.DocsGptAgentFixture agent, JsonNode? payload, string method, string? key)
    {
        var (taskId, isReplay) = state.Enqueue(agent, payload, method, key);
        if (isReplay)
        {
            DocsGptLog.Replayed(logger, agent.Id, key!, taskId);
        }
        else
        {
            queue.Enqueue(ct => runner.RunAsync(taskId, ct));
            DocsGptLog.Enqueued(logger, method, agent.Id, taskId);
        }

        return Results.Json(new { success = true, task_id = taskId }, ApiJson.Wire);
    }

    private IResult NotFound()
    {
        DocsGptLog.Refused(logger, 404, "unknown webhook token");
        return DocsGptErrors.Create(StatusCodes.Status404NotFound, "Agent not found");
    }

    private IResult? ReadIdempotencyKey(HttpContext context, out string? key)
    {
        key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            key = null;
            return null;
        }

        if (key.Length > MaxIdempotencyKeyLength)
        {
            DocsGptLog.Refused(logger, 400, "idempotency key too long");
            return DocsGptErrors.Create(StatusCodes.Status400BadRequest, $"Idempotency-Key must be at most {MaxIdempotencyKeyLength} characters");
        }

        return null;
    }
}
