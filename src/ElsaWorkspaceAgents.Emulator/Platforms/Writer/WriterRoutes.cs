using ElsaWorkspaceAgents.Emulator.Chaos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>The Writer Agent Builder API-trigger surface (seed 004).</summary>
internal static class WriterRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var chaos = new ChaosEndpointFilter(ChaosPlatform.Writer, WriterRequestHandler.ResolveBlueprintId, WriterErrors.ForChaos);

        app.MapGet("/v1/agents", (HttpContext context, WriterRequestHandler handler) => handler.ListAgents(context));
        app.MapGet("/v1/agents/jobs/{job_id}", (string job_id, HttpContext context, WriterRequestHandler handler) => handler.GetJob(job_id, context));
        app.MapPost("/v1/agents/{agent_id}/blueprints/{blueprint_id}", (string agent_id, string blueprint_id, HttpContext context, WriterRequestHandler handler) =>
                handler.StreamAsync(agent_id, blueprint_id, context))
            .AddEndpointFilter(chaos);
        app.MapPost("/v1/agents/{agent_id}/blueprints/{blueprint_id}/jobs", (string agent_id, string blueprint_id, HttpContext context, WriterRequestHandler handler) =>
                handler.CreateJobAsync(agent_id, blueprint_id, context))
            .AddEndpointFilter(chaos);
    }
}
