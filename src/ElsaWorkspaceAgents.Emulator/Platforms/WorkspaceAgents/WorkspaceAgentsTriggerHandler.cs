using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>
/// <c>POST /v1/workspace_agents/{id}/trigger</c>. Checks run in the order a gateway would apply them:
/// credentials (401), trigger lookup (404), sharing (403), runnability (409), then the body (400).
/// </summary>
internal sealed class WorkspaceAgentsTriggerHandler(
    WorkspaceAgentsState state,
    BackgroundWorkQueue queue,
    WorkspaceAgentRunner runner,
    TimeProvider time,
    ILogger<WorkspaceAgentsTriggerHandler> logger)
{
    public async Task<IResult> HandleAsync(string id, HttpContext context)
    {
        var refusal = Authenticate(context, out var token);
        if (refusal is not null)
        {
            return Refuse(id, refusal.Value, context);
        }

        if (!id.StartsWith("agtch_", StringComparison.Ordinal) || state.FindChannel(id) is not { } found)
        {
            return Refuse(id, new Refusal(404, "trigger_not_found", $"No API trigger with id '{id}' exists or it is not visible to the caller. Use the agtch_ ID from the agent's API channel."), context);
        }

        var (agent, channel) = found;
        if (!agent.SharedWith.Contains(token!.UserId, StringComparer.Ordinal))
        {
            return Refuse(id, new Refusal(403, "agent_not_shared", "The access token is valid but its owner cannot trigger this agent. Share the agent with this user or use a token from an allowed user."), context);
        }

        if (!agent.Saved)
        {
            return Refuse(id, new Refusal(409, "agent_not_published", "The agent is not runnable: save and publish the agent, then try again."), context);
        }

        if (!channel.Active)
        {
            return Refuse(id, new Refusal(409, "channel_inactive", "The API channel is not active. Activate the channel in the agent builder."), context);
        }

        if (state.FindDestination(agent.DefaultDestination) is not { Connected: true })
        {
            return Refuse(id, new Refusal(409, "destination_unavailable", "The agent's output destination is not connected, so the agent is not runnable."), context);
        }

        var body = await JsonBody.ReadAsync(context.Request, requireJsonContentType: true, context.RequestAborted).ConfigureAwait(false);
        var invalid = ValidateBody(body, out var input, out var conversationKey);
        if (invalid is not null)
        {
            return Refuse(id, invalid.Value, context);
        }

        var idempotencyKey = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            idempotencyKey = null;
        }

        var outcome = state.Accept(agent, id, token.UserId, input!, conversationKey, idempotencyKey, body.RawText);
        if (outcome.IsReplay)
        {
            WorkspaceAgentsLog.Replayed(logger, id, idempotencyKey!, outcome.RunId);
        }
        else
        {
            // Queued before answering (the platform "durably queues" the event), executed later by the worker.
            queue.Enqueue(ct => runner.ExecuteAsync(outcome.RunId, ct));
            WorkspaceAgentsLog.Accepted(logger, id, outcome.RunId, idempotencyKey);
        }

        return state.AcceptedBodyWithRunId
            ? Results.Json(new { run_id = outcome.RunId, status = "queued" }, ApiJson.Wire, statusCode: StatusCodes.Status202Accepted)
            : Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private Refusal? Authenticate(HttpContext context, out AccessTokenFixture? token)
    {
        token = null;
        switch (BearerToken.TryRead(context.Request, out var raw))
        {
            case BearerTokenStatus.Missing:
                return new Refusal(401, "missing_authorization", "No access token provided. Send a Workspace Agent access token as 'Authorization: Bearer <token>'.");
            case BearerTokenStatus.Malformed:
                return new Refusal(401, "invalid_authorization_header", "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'.");
        }

        if (raw.StartsWith("sk-", StringComparison.Ordinal))
        {
            return new Refusal(401, "invalid_credential_type", "OpenAI Platform API keys are not accepted. Create a ChatGPT Workspace Agent access token from Admin > Access tokens with the Workspace Agents scope.");
        }

        token = state.FindToken(raw);
        if (token is null)
        {
            return new Refusal(401, "invalid_token", "The access token is invalid.");
        }

        if (token.Revoked)
        {
            return new Refusal(401, "token_revoked", "The access token has been revoked.");
        }

        if (token.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            return new Refusal(401, "token_expired", "The access token has expired.");
        }

        if (!token.Scopes.Contains(AccessTokenFixture.WorkspaceAgentsScope, StringComparer.Ordinal))
        {
            return new Refusal(401, "insufficient_scope", "The access token does not have the Workspace Agents scope.");
        }

        return null;
    }

    private static Refusal? ValidateBody(JsonBodyResult body, out string? input, out string? conversationKey)
    {
        input = null;
        conversationKey = null;
        switch (body.Status)
        {
            case JsonBodyStatus.NotJsonContentType:
                return new Refusal(400, "unsupported_content_type", "Content-Type must be application/json.");
            case JsonBodyStatus.Empty:
            case JsonBodyStatus.Malformed:
                return new Refusal(400, "invalid_json", "The request body is not valid JSON.");
        }

        if (body.Root.ValueKind != JsonValueKind.Object)
        {
            return new Refusal(400, "invalid_request_body", "The request body must be a JSON object.");
        }

        if (!body.Root.TryGetProperty("input", out var inputElement) || inputElement.ValueKind == JsonValueKind.Null)
        {
            return new Refusal(400, "missing_required_parameter", "Missing required parameter: 'input'.", "input");
        }

        if (inputElement.ValueKind != JsonValueKind.String)
        {
            return new Refusal(400, "invalid_type", "Invalid type for 'input': expected a string.", "input");
        }

        input = inputElement.GetString();
        if (string.IsNullOrWhiteSpace(input))
        {
            return new Refusal(400, "empty_input", "'input' must be a non-empty string.", "input");
        }

        if (body.Root.TryGetProperty("conversation_key", out var keyElement) && keyElement.ValueKind != JsonValueKind.Null)
        {
            if (keyElement.ValueKind != JsonValueKind.String)
            {
                return new Refusal(400, "invalid_type", "Invalid type for 'conversation_key': expected a string.", "conversation_key");
            }

            conversationKey = keyElement.GetString();
            if (string.IsNullOrWhiteSpace(conversationKey))
            {
                return new Refusal(400, "invalid_value", "'conversation_key' must be a non-empty string when present.", "conversation_key");
            }
        }

        return null;
    }

    private IResult Refuse(string channelId, Refusal refusal, HttpContext context)
    {
        WorkspaceAgentsLog.Refused(logger, channelId, refusal.Status, refusal.Code);
        return refusal.Status == StatusCodes.Status401Unauthorized
            ? WorkspaceAgentsErrors.Unauthorized(context, refusal.Code, refusal.Message)
            : WorkspaceAgentsErrors.Create(refusal.Status, refusal.Code, refusal.Message, refusal.Param);
    }

    private readonly record struct Refusal(int Status, string Code, string Message, string? Param = null);
}
