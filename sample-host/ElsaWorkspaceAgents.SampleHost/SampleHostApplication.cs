using System.Dynamic;
using System.Text.Json;
using Elsa.Extensions;
using Elsa.Persistence.EFCore.Extensions;
using Elsa.Persistence.EFCore.Modules.Management;
using Elsa.Persistence.EFCore.Modules.Runtime;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Serialization.Converters;
using ElsaWorkspaceAgents.AspNetCore;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Emulator.Hosting;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.SampleHost.Broker;
using ElsaWorkspaceAgents.SampleHost.Cluster;
using FluentStorage;
using Microsoft.AspNetCore.Hosting.Server;

namespace ElsaWorkspaceAgents.SampleHost;

/// <summary>
/// Composes the sample Elsa server. Program.cs runs it; the tests start it on a loopback port.
/// <list type="bullet">
/// <item>Elsa 3.7 with HTTP endpoints under <c>/workflows</c>, scheduling (cron, durable delays), JavaScript expressions and
/// SQLite persistence for definitions, instances and bookmarks.</item>
/// <item>The Workspace Agents pack, registered with one call: <c>elsa.UseWorkspaceAgents()</c>.</item>
/// <item>The definitions in the repository's <c>workflows/</c> folder, loaded at start-up.</item>
/// <item>An embedded emulator as the agents' target unless real credentials are configured.</item>
/// <item><c>POST /messages/{eventName}</c>: publishes a message as an Elsa event, which starts the workflows listening for it.</item>
/// </list>
/// </summary>
public static class SampleHostApplication
{
    /// <summary>Switch: <c>true</c> always uses the embedded emulator, <c>false</c> never; unset: only when no credential is configured.</summary>
    public const string UseEmulatorKey = "WorkspaceAgents:UseEmulator";

    /// <summary>Where the embedded emulator listens (default: a free loopback port).</summary>
    public const string EmulatorUrlsKey = "WorkspaceAgents:EmulatorUrls";

    /// <summary>The address of an emulator started separately (e.g. <c>http://127.0.0.1:5080</c>): the demo connections point at it and none is embedded.</summary>
    public const string EmulatorBaseUrlKey = "WorkspaceAgents:EmulatorBaseUrl";

    /// <summary>The folder holding the workflow definitions (default: <c>workflows</c> next to the binary).</summary>
    public const string WorkflowsDirectoryKey = "Workflows:Directory";

    /// <summary>
    /// Where the HTTP Endpoint workflows listen: <c>/api/workflows</c>, as in Elsa's own server-and-studio host, because
    /// Studio's pages live under <c>/workflows/…</c> and Elsa answers 404 for any path under its HTTP base path.
    /// </summary>
    public const string HttpWorkflowsBasePath = "/api/workflows";

    /// <summary>The SQLite connection string (default: <c>elsa-sample.db</c> in the content root).</summary>
    public const string ConnectionStringName = "Elsa";

    /// <summary>Builds the host (and starts the embedded emulator when it is used). Call <see cref="SampleServer.StartAsync"/> or run it.</summary>
    public static async Task<SampleServer> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;

        EmulatorHost? emulator = null;
        if (configuration[EmulatorBaseUrlKey] is { Length: > 0 } external)
        {
            // An emulator that outlives this host (started separately): the demo connections point at it.
            configuration.AddInMemoryCollection(EmulatorConnections.AsConfiguration(new Uri(external)));
        }
        else if (configuration.GetValue<bool?>(UseEmulatorKey) ?? !HasCredentials(configuration))
        {
            emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Urls = configuration[EmulatorUrlsKey] ?? "http://127.0.0.1:0" }, cancellationToken);
            configuration.AddInMemoryCollection(EmulatorConnections.AsConfiguration(emulator.BaseAddress));
        }

        var connectionString = configuration.GetConnectionString(ConnectionStringName)
                               ?? $"Data Source={Path.Combine(builder.Environment.ContentRootPath, "elsa-sample.db")};Cache=Shared;";
        var workflowsDirectory = configuration[WorkflowsDirectoryKey] ?? Path.Combine(AppContext.BaseDirectory, "workflows");
        var httpBaseUrl = new Uri(configuration["Http:BaseUrl"] ?? "http://localhost:5000");

        builder.Services.AddElsa(elsa => elsa
            .UseWorkflowManagement(management => management.UseEntityFrameworkCore(ef => ef.UseSampleHostDatabase(configuration, connectionString)))
            .UseWorkflowRuntime(runtime => runtime.UseEntityFrameworkCore(ef => ef.UseSampleHostDatabase(configuration, connectionString)).UseSampleHostRuntime(configuration))
            .UseScheduling()
            .UseJavaScript()
            .UseHttp(http => http.ConfigureHttpOptions = options =>
            {
                options.BaseUrl = httpBaseUrl;
                options.BasePath = HttpWorkflowsBasePath;
            })
            .UseFluentStorageProvider(_ => StorageFactory.Blobs.DirectoryFiles(workflowsDirectory))
            .UseSecuredWorkflowsApi(configuration)
            .UseWorkspaceAgents()
            .UseSampleHostBroker(configuration));
        builder.AddElsaStudio();

        var app = builder.Build();
        app.MapSecuredWorkflowsApi();
        app.UseWorkflows();
        app.MapAgentRequestMessages();

        // Signed completion callbacks (GPT Workbench's webhook) resume the waiting workflow: POST /agent-callbacks/{connection}.
        app.MapAgentCallbacks();
        if (emulator is not null)
        {
            // The embedded emulator's GPT Workbench trigger delivers its completion webhook here, signed with the demo secret.
            app.Lifetime.ApplicationStarted.Register(() => emulator.State.GptWorkbench.SetWebhook(DemoFixture.GptWorkbenchTriggerId,
                new Uri(ServerAddress.LoopbackOf(app.Services.GetRequiredService<IServer>()),
                    $"{AgentCallbackEndpoints.DefaultPattern.TrimStart('/')}/{EmulatorConnections.GptWorkbench}").AbsoluteUri,
                DemoFixture.GptWorkbenchWebhookSecret));
        }

        app.MapPost("/messages/{eventName}", PublishMessageAsync);
        app.MapGet("/sample-host", () => Results.Json(new
        {
            name = "ElsaWorkspaceAgents sample host",
            workflows = new[] { "POST /api/workflows/tickets", "POST /api/workflows/questions", "POST /api/workflows/workbench-prompts", "POST /messages/agent-requests" },
            callbacks = "POST /agent-callbacks/{connection}",
            emulator = emulator?.BaseAddress.ToString(),
            agentWrites = emulator is null ? null : new Uri(emulator.BaseAddress, "_emulator/destinations/demo-channel").ToString(),
            documentation = "sample-host/README.md",
        }));
        app.MapElsaStudio();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ElsaWorkspaceAgents.SampleHost");
        if (emulator is not null)
        {
            logger.LogInformation(
                "Agent connections point at the embedded emulator at {Emulator} (demo fixture). The agent's writes: {Emulator}_emulator/destinations/demo-channel",
                emulator.BaseAddress, emulator.BaseAddress);
        }
        else if (configuration[EmulatorBaseUrlKey] is { Length: > 0 } externalEmulator)
        {
            logger.LogInformation("Agent connections point at the emulator at {Emulator} (demo fixture). The agent's writes: {Emulator}/_emulator/destinations/demo-channel",
                externalEmulator, externalEmulator.TrimEnd('/'));
        }
        else
        {
            logger.LogInformation("Agent connections come from configuration ({Section}:Connections) and the WORKSPACE_AGENT_* environment variables.",
                WorkspaceAgentsOptions.SectionName);
        }

        logger.LogInformation("Workflow definitions: {Directory}", workflowsDirectory);
        logger.LogInformation("Elsa Studio is at the root URL: log in as '{User}' (password: {Key}, see sample-host/README.md).",
            configuration[WorkflowsApiComposition.AdminUserNameKey] ?? WorkflowsApiComposition.DefaultAdminUserName, WorkflowsApiComposition.AdminPasswordKey);
        logger.LogInformation("Workflow storage: {Storage}", ClusterComposition.Describe(configuration));
        logger.LogInformation("Queue messages (AgentRequest): {Transport}", SampleHostBroker.Describe(configuration));
        return new SampleServer(app, emulator);
    }

    /// <summary>True when any connection in configuration, or the seed's environment variable, carries a credential.</summary>
    public static bool HasCredentials(IConfiguration configuration) =>
        configuration.GetSection($"{WorkspaceAgentsOptions.SectionName}:Connections").GetChildren()
            .Any(connection => !string.IsNullOrWhiteSpace(connection["Token"]))
        || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionEnvironment.AccessToken));

    /// <summary>
    /// The sample's message entry point: the JSON body becomes the payload of an Elsa event named <paramref name="eventName"/>,
    /// dispatched in the background to every workflow whose <c>Event</c> trigger listens for that name.
    /// </summary>
    private static async Task<IResult> PublishMessageAsync(string eventName, HttpRequest request, IEventPublisher publisher, CancellationToken cancellationToken)
    {
        ExpandoObject? payload;
        try
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            options.Converters.Add(new ExpandoObjectConverterFactory());
            payload = await JsonSerializer.DeserializeAsync<ExpandoObject>(request.Body, options, cancellationToken);
        }
        catch (JsonException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The message body must be a JSON object.", detail: exception.Message);
        }

        await publisher.PublishAsync(eventName, payload: payload, asynchronous: true, cancellationToken: cancellationToken);
        return Results.Accepted(value: new { eventName, status = "published" });
    }
}

/// <summary>The sample server and, when used, its embedded emulator.</summary>
public sealed class SampleServer : IAsyncDisposable
{
    internal SampleServer(WebApplication app, EmulatorHost? emulator)
    {
        App = app;
        Emulator = emulator;
    }

    /// <summary>The Elsa server.</summary>
    public WebApplication App { get; }

    /// <summary>The embedded emulator, or null when real connections are configured.</summary>
    public EmulatorHost? Emulator { get; }

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>Where the server listens once started.</summary>
    public Uri BaseAddress => ServerAddress.LoopbackOf(App.Services.GetRequiredService<IServer>());

    /// <summary>Starts the server.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    /// <summary>Runs until shut down.</summary>
    public async Task RunAsync()
    {
        await using (this)
        {
            await App.RunAsync();
        }
    }

    /// <summary>Stops the server, then the emulator.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        catch (OperationCanceledException)
        {
            // Already stopping.
        }
        finally
        {
            await App.DisposeAsync();
            if (Emulator is not null)
            {
                await Emulator.DisposeAsync();
            }
        }
    }
}
