using ElsaWorkspaceAgents.Emulator.Chaos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>The GPT Workbench API trigger surface (seed 002).</summary>
internal static class GptWorkbenchRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/trigger/{apiToken}", (string apiToken, HttpContext context, GptWorkbenchTriggerHandler handler) => handler.TriggerAsync(apiToken, context))
            .AddEndpointFilter(new ChaosEndpointFilter(
                ChaosPlatform.GptWorkbench,
                context => context.RequestServices.GetRequiredService<GptWorkbenchTriggerHandler>().ResolveTriggerId(context.Request.RouteValues["apiToken"] as string),
                GptWorkbenchErrors.Create));

        app.MapGet("/webhooks/trigger/{apiToken}/status", (string apiToken, HttpContext context, GptWorkbenchTriggerHandler handler) => handler.Status(apiToken, context));
    }
}
