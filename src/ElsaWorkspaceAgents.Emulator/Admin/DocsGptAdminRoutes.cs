using ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>Inspection of DocsGPT agents and tasks.</summary>
internal static class DocsGptAdminRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/agents", (DocsGptState state) => AdminResults.Ok(state.Agents));
        group.MapGet("/tasks", (DocsGptState state, string? agentId) =>
            AdminResults.Ok(state.Tasks.Where(t => agentId is null || t.AgentId == agentId).ToArray()));
        group.MapGet("/tasks/{taskId}", (string taskId, DocsGptState state) =>
            state.GetTask(taskId) is { } task ? AdminResults.Ok(task) : AdminResults.NotFound($"No task '{taskId}'."));
    }
}
