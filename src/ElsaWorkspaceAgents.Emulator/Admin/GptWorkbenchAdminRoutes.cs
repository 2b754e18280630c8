using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>The GPT Workbench "Automations &gt; API Triggers" screen as an API: logs, regenerate, toggle, allowlist, limits, webhooks.</summary>
internal static class GptWorkbenchAdminRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/triggers", (GptWorkbenchState state) => AdminResults.Ok(state.Triggers));

        group.MapGet("/triggers/{triggerId}", (string triggerId, GptWorkbenchState state) =>
            state.GetTrigger(triggerId) is { } trigger ? AdminResults.Ok(trigger) : UnknownTrigger(triggerId));

        group.MapGet("/triggers/{triggerId}/logs", (string triggerId, GptWorkbenchState state) =>
            state.GetLogs(triggerId) is { } logs ? AdminResults.Ok(logs) : UnknownTrigger(triggerId));

        group.MapPost("/triggers/{triggerId}/regenerate", (string triggerId, GptWorkbenchState state) =>
            state.RegenerateToken(triggerId) is { } token
                ? AdminResults.Ok(new { ApiToken = token, WebhookPath = "/webhooks/trigger/" + token })
                : UnknownTrigger(triggerId));

        group.MapPost("/triggers/{triggerId}/enable", (string triggerId, GptWorkbenchState state) =>
            Changed(state.SetEnabled(triggerId, true), triggerId, state));

        group.MapPost("/triggers/{triggerId}/disable", (string triggerId, GptWorkbenchState state) =>
            Changed(state.SetEnabled(triggerId, false), triggerId, state));

        group.MapPut("/triggers/{triggerId}/ip-whitelist", async (string triggerId, HttpRequest request, GptWorkbenchState state) =>
        {
            var body = await ReadAsync(request).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object } || !body.Value.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, "Send {\"entries\": [\"10.0.0.1\", \"192.168.1.0/24\"]}.");
            }

            try
            {
                var list = entries.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
                return Changed(state.SetIpWhitelist(triggerId, list), triggerId, state);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, ex.Message);
            }
        });

        group.MapPut("/triggers/{triggerId}/rate-limit", async (string triggerId, HttpRequest request, GptWorkbenchState state) =>
        {
            var body = await ReadAsync(request).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object } || !body.Value.TryGetProperty("perHour", out var perHour) || !perHour.TryGetInt32(out var value) || value < 1)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, "Send {\"perHour\": n} with n >= 1.");
            }

            return Changed(state.SetRateLimit(triggerId, value), triggerId, state);
        });

        group.MapPut("/triggers/{triggerId}/ephemeral", async (string triggerId, HttpRequest request, GptWorkbenchState state) =>
        {
            var body = await ReadAsync(request).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object } || !body.Value.TryGetProperty("ephemeral", out var flag) || flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, "Send {\"ephemeral\": true|false}.");
            }

            return Changed(state.SetEphemeral(triggerId, flag.GetBoolean()), triggerId, state);
        });

        group.MapPut("/triggers/{triggerId}/webhook", async (string triggerId, HttpRequest request, GptWorkbenchState state) =>
        {
            var body = await ReadAsync(request).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object })
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, "Send {\"url\": \"http://...\" or null, \"secret\": \"optional\"}.");
            }

            var url = body.Value.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var secret = body.Value.TryGetProperty("secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, "url must be absolute.");
            }

            return Changed(state.SetWebhook(triggerId, url, secret), triggerId, state);
        });

        group.MapGet("/triggers/{triggerId}/deliveries", (string triggerId, GptWorkbenchState state) =>
            state.GetTrigger(triggerId) is null
                ? UnknownTrigger(triggerId)
                : AdminResults.Ok(state.Deliveries.Where(d => d.TriggerId == triggerId).ToArray()));

        group.MapGet("/deliveries", (GptWorkbenchState state) => AdminResults.Ok(state.Deliveries));

        group.MapPost("/deliveries/{deliveryId}/redeliver", async (string deliveryId, WebhookDispatcher webhooks, HttpContext context) =>
            await webhooks.RedeliverAsync(deliveryId, context.RequestAborted).ConfigureAwait(false) is { } delivery
                ? AdminResults.Ok(delivery)
                : AdminResults.NotFound($"No delivery '{deliveryId}'."));

        group.MapGet("/jobs/{jobId}", (string jobId, GptWorkbenchState state) =>
            state.GetJob(jobId) is { } job ? AdminResults.Ok(job) : AdminResults.NotFound($"No job '{jobId}'."));

        group.MapGet("/threads/{threadId}/messages", (string threadId, GptWorkbenchState state) =>
            state.GetThreadMessages(threadId) is { } messages ? AdminResults.Ok(messages) : AdminResults.NotFound($"No thread '{threadId}'."));
    }

    private static IResult Changed(bool found, string triggerId, GptWorkbenchState state) =>
        found ? AdminResults.Ok(state.GetTrigger(triggerId)) : UnknownTrigger(triggerId);

    private static IResult UnknownTrigger(string triggerId) => AdminResults.NotFound($"No trigger '{triggerId}'.");

    private static async Task<JsonElement?> ReadAsync(HttpRequest request)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
