using ElsaWorkspaceAgents.Emulator.Platforms.Writer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>Inspection of Writer jobs and executions.</summary>
internal static class WriterAdminRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/agents", (WriterState state) => AdminResults.Ok(state.Agents));
        group.MapGet("/jobs", (WriterState state) => AdminResults.Ok(state.Jobs));
        group.MapGet("/jobs/{jobId}", (string jobId, WriterState state) =>
            state.GetJob(jobId) is { } job ? AdminResults.Ok(job) : AdminResults.NotFound($"No job '{jobId}'."));
        group.MapGet("/executions", (WriterState state, string? blueprintId) =>
            AdminResults.Ok(state.Executions.Where(e => blueprintId is null || e.BlueprintId == blueprintId).ToArray()));
    }
}
