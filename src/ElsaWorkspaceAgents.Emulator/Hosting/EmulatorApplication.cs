using ElsaWorkspaceAgents.Emulator.Admin;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;
using ElsaWorkspaceAgents.Emulator.Platforms.Writer;
using ElsaWorkspaceAgents.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Hosting;

/// <summary>Composes the emulator's web application; shared by <see cref="EmulatorHost"/> and the standalone executable.</summary>
internal static class EmulatorApplication
{
    /// <summary>The address the standalone emulator listens on when no <c>--urls</c> is given.</summary>
    public const string DefaultStandaloneUrls = "http://127.0.0.1:5080";

    public static WebApplication Build(EmulatorOptions options, string[] args, bool standalone)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EmulatorApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        if (standalone)
        {
            if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            {
                builder.WebHost.UseUrls(DefaultStandaloneUrls);
            }

            // The console shows the emulator's own messages; framework chatter only when something is wrong.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

            // e.g. --Timings:WorkspaceAgentRunDelay=00:00:02 to watch a run sit in "queued".
            builder.Configuration.GetSection("Timings").Bind(options.Timings);
        }
        else
        {
            builder.WebHost.UseUrls(options.Urls);
            builder.Logging.ClearProviders();
            options.ConfigureLogging?.Invoke(builder.Logging);
        }

        KeepSecretsOutOfLogs(builder.Logging);

        var fixture = ResolveFixture(options, builder.Configuration["fixture"]);
        var state = new EmulatorState(options.TimeProvider, fixture);

        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(options.Timings);
        services.AddSingleton(state);
        services.AddSingleton(state.WorkspaceAgents);
        services.AddSingleton(state.Chaos);
        services.AddSingleton<BackgroundWorkQueue>();
        services.AddHostedService<BackgroundWorkProcessor>();
        services.AddSingleton<WorkspaceAgentRunner>();
        services.AddSingleton<WorkspaceAgentsTriggerHandler>();
        services.AddSingleton(state.GptWorkbench);
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<GptWorkbenchProcessor>();
        services.AddSingleton<GptWorkbenchTriggerHandler>();
        services.AddSingleton(state.DocsGpt);
        services.AddSingleton<DocsGptTaskRunner>();
        services.AddSingleton<DocsGptWebhookHandler>();
        services.AddSingleton(state.Writer);
        services.AddSingleton<WriterJobRunner>();
        services.AddSingleton<WriterRequestHandler>();

        var app = builder.Build();
        WorkspaceAgentsRoutes.Map(app);
        GptWorkbenchRoutes.Map(app);
        DocsGptRoutes.Map(app);
        WriterRoutes.Map(app);
        AdminRoutes.Map(app);
        return app;
    }

    private static EmulatorFixture ResolveFixture(EmulatorOptions options, string? configuredPath)
    {
        if (options.Fixture is not null)
        {
            var copy = options.Fixture.Clone();
            FixtureValidator.Validate(copy);
            return copy;
        }

        var path = options.FixturePath ?? configuredPath;
        return path is null ? DemoFixture.Create() : FixtureLoader.Load(path);
    }

    /// <summary>
    /// GPT Workbench and DocsGPT carry their secret in the URL path, so everything in the framework that logs the path stays
    /// off whatever level the caller configures: hosting diagnostics (request lines, and the RequestPath logging scope, which it
    /// only opens when enabled at all), routing's matcher debug messages, Kestrel's bad-request dumps and HTTP logging.
    /// </summary>
    private static void KeepSecretsOutOfLogs(ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning);
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
    }
}
