using ElsaWorkspaceAgents.Emulator.Chaos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>The DocsGPT agent webhook surface (seed 003).</summary>
internal static class DocsGptRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var chaos = new ChaosEndpointFilter(
            ChaosPlatform.DocsGpt,
            context => context.RequestServices.GetRequiredService<DocsGptWebhookHandler>().ResolveAgentId(context.Request.RouteValues["token"] as string),
            DocsGptErrors.ForChaos);

        app.MapPost("/api/webhooks/agents/{token}", (string token, HttpContext context, DocsGptWebhookHandler handler) => handler.PostAsync(token, context))
            .AddEndpointFilter(chaos);
        app.MapGet("/api/webhooks/agents/{token}", (string token, HttpContext context, DocsGptWebhookHandler handler) => handler.Get(token, context))
            .AddEndpointFilter(chaos);
        app.MapGet("/api/task_status", (HttpContext context, DocsGptWebhookHandler handler) => handler.TaskStatus(context));
    }
}
