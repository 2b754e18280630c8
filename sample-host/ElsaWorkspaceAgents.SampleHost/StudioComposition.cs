using Elsa.Studio.Authentication.ElsaIdentity.BlazorServer.Extensions;
using Elsa.Studio.Authentication.ElsaIdentity.HttpMessageHandlers;
using Elsa.Studio.Authentication.ElsaIdentity.UI.Extensions;
using Elsa.Studio.Core.BlazorServer.Extensions;
using Elsa.Studio.Dashboard.Extensions;
using Elsa.Studio.Extensions;
using Elsa.Studio.Models;
using Elsa.Studio.Options;
using Elsa.Studio.Shell.Extensions;
using Elsa.Studio.Workflows.Designer.Extensions;
using Elsa.Studio.Workflows.Extensions;
using ElsaWorkspaceAgents.Studio.Extensions;
using Microsoft.AspNetCore.Hosting.Server;

namespace ElsaWorkspaceAgents.SampleHost;

/// <summary>
/// Elsa Studio (Blazor Server) served by the same process as the Elsa server, in the shape of Elsa Studio's server host:
/// the shell, the dashboard and workflows modules, the Workspace Agents module (icons and colours), and Elsa Identity's
/// login page. Studio talks to this host's own Workflows API over loopback HTTP, with the token of the user who logged in.
/// </summary>
public static class StudioComposition
{
    /// <summary>Registers Studio's services and its login against this host's Elsa Identity.</summary>
    public static WebApplicationBuilder AddElsaStudio(this WebApplicationBuilder builder)
    {
        // Studio's stylesheets and scripts (_content/...) come from its packages' static web assets, also under `dotnet run`
        // outside the Development environment.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        // Studio's host page lives in this assembly; named here so hosts that start it from another entry assembly (the tests) find it too.
        services.AddRazorPages().AddApplicationPart(typeof(StudioComposition).Assembly);
        services.AddServerSideBlazor(options =>
        {
            options.RootComponents.RegisterCustomElsaStudioElements();
            options.RootComponents.MaxJSRootComponents = 1000;
        });
        services.AddSignalR(options => options.MaximumReceiveMessageSize = 5 * 1024 * 1000);

        services.AddElsaIdentity();
        services.AddElsaIdentityUI();
        services.AddCore();
        services.AddShell();
        services.AddRemoteBackend(new BackendApiConfig
        {
            ConfigureHttpClientBuilder = options => options.AuthenticationHandler = typeof(ElsaIdentityAuthenticatingApiHttpMessageHandler),
        });
        // The backend is this host: its address is known once Kestrel listens (a port may be chosen at start).
        services.AddOptions<BackendOptions>().Configure<IServer>((options, server) =>
            options.Url = new Uri(ServerAddress.LoopbackOf(server), WorkflowsApiComposition.RoutePrefix));

        services.AddDashboardModule();
        services.AddWorkflowsModule();
        services.AddWorkspaceAgentsModule();
        return builder;
    }

    /// <summary>Studio's static files, its SignalR hub and its pages; everything no other endpoint answers goes to Studio.</summary>
    public static WebApplication MapElsaStudio(this WebApplication app)
    {
        app.UseStaticFiles();
        app.MapBlazorHub();
        app.MapFallbackToPage("/_Host");
        return app;
    }
}
