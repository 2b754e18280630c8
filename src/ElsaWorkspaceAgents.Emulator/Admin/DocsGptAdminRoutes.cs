using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>Inspection of DocsGPT agents and tasks, and the simulated Celery workers' switch.</summary>
internal static class DocsGptAdminRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/agents", (DocsGptState state) => AdminResults.Ok(state.Agents));
        group.MapGet("/tasks", (DocsGptState state, string? agentId) =>
            AdminResults.Ok(state.Tasks.Where(t => agentId is null || t.AgentId == agentId).ToArray()));
        group.MapGet("/tasks/{taskId}", (string taskId, DocsGptState state) =>
            state.GetTask(taskId) is { } task ? AdminResults.Ok(task) : AdminResults.NotFound($"No task '{taskId}'."));
        group.MapGet("/workers", (DocsGptState state) => AdminResults.Ok(new { available = state.WorkersAvailable, unpickedTaskStatusCode = state.UnpickedTaskStatusCode }));
        group.MapPut("/workers", async (HttpRequest request, DocsGptState state) =>
        {
            JsonElement body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                body = default;
            }

            const string Usage = "Send {\"available\": true|false, \"unpickedTaskStatusCode\": 503 or null}.";
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("available", out var available) || available.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, Usage);
            }

            int? code = null;
            if (body.TryGetProperty("unpickedTaskStatusCode", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                if (!c.TryGetInt32(out var value) || value is < 400 or > 599)
                {
                    return AdminResults.Error(StatusCodes.Status400BadRequest, Usage);
                }

                code = value;
            }

            state.SetWorkers(available.GetBoolean(), code);
            return AdminResults.Ok(new { available = state.WorkersAvailable, unpickedTaskStatusCode = state.UnpickedTaskStatusCode });
        });
    }
}
