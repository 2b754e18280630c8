using ElsaWorkspaceAgents.Emulator.Chaos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>The ChatGPT Workspace Agents API surface (seeds 000/001).</summary>
internal static class WorkspaceAgentsRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/workspace_agents/{id}/trigger", (string id, HttpContext context, WorkspaceAgentsTriggerHandler handler) => handler.HandleAsync(id, context))
            .AddEndpointFilter(new ChaosEndpointFilter(
                ChaosPlatform.WorkspaceAgents,
                context => context.Request.RouteValues["id"] as string,
                (status, code, message) => WorkspaceAgentsErrors.Create(status, code, message)))
            .WithName("WorkspaceAgentsTrigger");
    }
}
