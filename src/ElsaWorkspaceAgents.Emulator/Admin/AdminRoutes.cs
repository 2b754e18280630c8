using ElsaWorkspaceAgents.Emulator.Chaos;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>
/// <c>/_emulator/...</c>: inspection and control of the emulated world. Unauthenticated on purpose: this is a local test tool
/// bound to loopback, and the admin API is not part of any emulated platform.
/// </summary>
internal static class AdminRoutes
{
    public const string Prefix = "/_emulator";

    public static void Map(WebApplication app)
    {
        var admin = app.MapGroup(Prefix);

        admin.MapGet("/", (BackgroundWorkQueue queue) => AdminResults.Ok(new
        {
            Name = "ElsaWorkspaceAgents.Emulator",
            Platforms = new[] { "workspace_agents", "gpt_workbench", "docsgpt", "writer" },
            // Runs, tasks, jobs and webhook deliveries queued or running: 0 means the world has settled.
            PendingWork = queue.Pending,
        }));

        admin.MapGet("/fixture", (EmulatorState state) => Results.Text(FixtureLoader.Serialize(state.Fixture), "application/json"));

        admin.MapPost("/reset", async (HttpRequest request, EmulatorState state) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            try
            {
                state.Reset(string.IsNullOrWhiteSpace(body) ? null : FixtureLoader.Parse(body));
            }
            catch (FixtureException ex)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, ex.Message);
            }

            return AdminResults.Ok(new { Reset = true });
        });

        admin.MapGet("/starts", (string? platform, EmulatorState state) =>
            AdminResults.Ok(AgentStarts.All(state).Where(s => platform is null || s.Platform == platform).ToArray()));

        admin.MapGet("/chaos", (ChaosEngine chaos) => AdminResults.Ok(new
        {
            Settings = chaos.Current,
            Events = chaos.Events,
            Firings = chaos.Firings,
            AfterSendFaults = chaos.AfterSendFaults,
            UnansweredWithoutFault = chaos.UnansweredWithoutFault,
        }));

        admin.MapPut("/chaos", async (HttpRequest request, ChaosEngine chaos) =>
        {
            ChaosSettings? settings;
            try
            {
                settings = await System.Text.Json.JsonSerializer.DeserializeAsync<ChaosSettings>(request.Body, ApiJson.Admin, request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (settings is null)
                {
                    return AdminResults.Error(StatusCodes.Status400BadRequest, "Chaos settings are required.");
                }

                FixtureValidator.Validate(new EmulatorFixture { Chaos = settings });
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FixtureException)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, ex.Message);
            }

            chaos.Configure(settings);
            return AdminResults.Ok(chaos.Current);
        });

        admin.MapDelete("/chaos", (ChaosEngine chaos) =>
        {
            chaos.Configure(new ChaosSettings());
            return Results.NoContent();
        });

        WorkspaceAgentsAdminRoutes.Map(admin);
        GptWorkbenchAdminRoutes.Map(admin.MapGroup("/gpt-workbench"));
        DocsGptAdminRoutes.Map(admin.MapGroup("/docsgpt"));
        WriterAdminRoutes.Map(admin.MapGroup("/writer"));
    }
}
