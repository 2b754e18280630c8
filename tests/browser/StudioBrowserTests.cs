using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.BrowserTests;

/// <summary>
/// The sample host's Elsa Studio in headless Chromium, as a user meets it: log in, find the six Workspace Agents
/// activities in the toolbox, open the ticket workflow, read Trigger Workspace Agent's connection drop-down, publish,
/// run the workflow over HTTP, see the agent's write in the emulator and the finished instance's journal.
/// With <c>STUDIO_SCREENSHOTS=&lt;folder&gt;</c> it saves the README's screenshots there.
/// </summary>
public sealed class StudioBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] PackActivities =
        ["Build Agent Input", "Derive Idempotency Key", "Derive Conversation Key", "Trigger Workspace Agent", "Trigger Agent", "Wait For Agent Result"];

    private readonly string screenshots = Environment.GetEnvironmentVariable("STUDIO_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Directory.CreateTempSubdirectory("ewa-studio-screenshots-").FullName;

    private readonly string profile = Directory.CreateTempSubdirectory("ewa-chromium-profile-").FullName;
    private SampleHostProcess host = null!;
    private IPlaywright playwright = null!;
    private IBrowserContext browser = null!;

    public async Task InitializeAsync()
    {
        host = await SampleHostProcess.StartAsync();
        playwright = await Playwright.CreateAsync();
        // Debian's chromium, never a downloaded browser; a fresh profile per run.
        browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new() { Width = 1920, Height = 1080 },
        });
        browser.SetDefaultTimeout(30_000);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        output.WriteLine(host.Log);
        await host.DisposeAsync();
        Directory.Delete(profile, recursive: true);
    }

    [Fact]
    public async Task A_user_logs_in_finds_the_activities_checks_the_connection_publishes_and_runs_the_ticket_workflow()
    {
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        try
        {
            await WalkThroughAsync(page);
        }
        catch
        {
            // What the browser showed when a step failed, for the person reading the failure.
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "failure.png") });
            output.WriteLine($"Failure screenshot: {Path.Combine(screenshots, "failure.png")}");
            throw;
        }
    }

    private async Task WalkThroughAsync(IPage page)
    {

        // The ticket workflow, loaded from workflows/ at start-up: Studio sends an anonymous user to its login page first
        // and opens the designer once logged in.
        await OpenAsync(page, string.Empty);
        await LogInAsync(page, until: page.Locator(".mud-nav-link", new() { HasTextString = "Dashboard" }));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var toolbox = page.Locator(".mud-expansion-panels").First;
        await OpenUntilAsync(page, "workflows/definitions/http-ticket-to-workspace-agent/edit", toolbox);
        var header = toolbox.Locator(".mud-expand-panel-header", new() { HasTextString = "Workspace Agents" });
        await header.ClickAsync();
        var category = toolbox.Locator(".mud-expand-panel", new() { Has = page.Locator(".mud-expand-panel-header", new() { HasTextString = "Workspace Agents" }) });
        foreach (var activity in PackActivities)
        {
            await Assertions.Expect(category.GetByText(activity, new() { Exact = true })).ToBeVisibleAsync();
        }

        // The toolbox scrolls: bring the category's last activity into view and capture the toolbox as a user sees it.
        await category.GetByText(PackActivities[^1], new() { Exact = true }).ScrollIntoViewIfNeededAsync();
        await page.Mouse.MoveAsync(800, 20);
        await page.Locator("div:has(> .mud-expansion-panels)").First.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-toolbox-workspace-agents.png") });

        // Select Trigger Workspace Agent ("Start the ticket agent") on the canvas: its inputs open below the canvas.
        // Each node's body is a Blazor custom element: once it shows its name the nodes have their real size, and
        // "Zoom to fit" brings every node into view, then a click on the node.
        var node = page.Locator("g[data-cell-id=triggerWorkspaceAgent] foreignObject");
        await Assertions.Expect(node).ToContainTextAsync("Start the ticket agent");
        await ZoomToFitAsync(page);
        var box = await node.BoundingBoxAsync() ?? throw new InvalidOperationException("The trigger node has no box on the canvas.");
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        var connection = page.Locator(".mud-input-control", new() { Has = page.Locator("label", new() { HasTextString = "Connection" }) }).First;
        await Assertions.Expect(connection).ToContainTextAsync("Connection");
        await Assertions.Expect(connection.Locator("input").First).ToHaveValueAsync("default (Workspace Agents)");
        await connection.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "default (Workspace Agents)" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-trigger-workspace-agent-connection.png") });
        await page.Keyboard.PressAsync("Escape");

        // Publish from the designer's toolbar.
        await page.Locator(".mud-button-group-root button.mud-primary-text").First.ClickAsync();
        await Assertions.Expect(page.GetByText("published", new() { Exact = false }).First).ToBeVisibleAsync();

        // Run it over HTTP, as the README's curl does, and see the agent's write in the embedded emulator.
        var requestId = $"DEMO-STUDIO-{Guid.NewGuid().ToString("N")[..8]}";
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsync("api/workflows/tickets", new StringContent(
            JsonSerializer.Serialize(new { eventId = "evt-" + requestId, ticketId = "T-2001", requestId, summary = "Printer on fire" }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"Workspace Agent API demo received: {requestId}", await WaitForWriteAsync(requestId));

        // The finished instance and its journal.
        var instanceId = await FinishedInstanceAsync(http);
        await OpenUntilAsync(page, $"workflows/instances/{instanceId}/view", page.GetByText("Start the ticket agent").First);
        await Assertions.Expect(page.Locator("td", new() { HasTextString = "Finished" }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("g[data-cell-id=triggerWorkspaceAgent] foreignObject")).ToContainTextAsync("Start the ticket agent");
        await ZoomToFitAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-instance-journal.png") });
        output.WriteLine($"Screenshots: {screenshots}");
    }

    [Fact]
    public async Task A_user_drags_wires_publishes_and_runs_an_agent_trigger_in_a_new_workflow()
    {
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        try
        {
            await DragWireAndRunAsync(page);
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "drag-failure.png") });
            output.WriteLine($"Failure screenshot: {Path.Combine(screenshots, "drag-failure.png")}");
            throw;
        }
    }

    private async Task DragWireAndRunAsync(IPage page)
    {
        // Workflows → Definitions → Create workflow, named in the dialog: Studio opens the new, empty flowchart.
        await OpenAsync(page, string.Empty);
        await LogInAsync(page, until: page.Locator(".mud-nav-link", new() { HasTextString = "Dashboard" }));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create workflow" });
        await OpenUntilAsync(page, "workflows/definitions", create);
        // The list is prerendered: a click before the Blazor circuit is connected opens nothing, and a dialog opened
        // then may be replaced when the circuit takes over; both are tried again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await create.ClickAsync();
                var name = page.Locator(".mud-dialog input").First;
                await name.FillAsync("Dragged ticket", new() { Timeout = 3_000 });
                await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Ok" }).ClickAsync(new() { Timeout = 3_000 });
                await page.WaitForURLAsync("**/workflows/definitions/*/edit", new() { Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 5)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }

        var definitionId = new Uri(page.Url).Segments[^2].TrimEnd('/');
        var canvas = page.Locator(".flowchart-diagram-designer-wrapper");
        await canvas.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Drag HTTP Endpoint and Trigger Workspace Agent from the toolbox onto the canvas (HTML5 drag and drop).
        var toolbox = page.Locator(".mud-expansion-panels").First;
        var endpoint = await DragFromToolboxAsync(page, toolbox, canvas, "HTTP", "HTTP Endpoint", 250, 200);
        var trigger = await DragFromToolboxAsync(page, toolbox, canvas, "Workspace Agents", "Trigger Workspace Agent", 650, 200);

        // Wire HTTP Endpoint's Done port to the trigger's input port, as a user drags an edge.
        var done = page.Locator($"g[data-cell-id='{endpoint}'] [port-group=out][port=Done]");
        var input = page.Locator($"g[data-cell-id='{trigger}'] [port-group=in]").First;
        var from = await done.BoundingBoxAsync() ?? throw new InvalidOperationException("HTTP Endpoint has no Done port on the canvas.");
        var to = await input.BoundingBoxAsync() ?? throw new InvalidOperationException("Trigger Workspace Agent has no input port on the canvas.");
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((from.X + to.X) / 2, (from.Y + to.Y) / 2 + 20, new() { Steps = 10 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("g.x6-edge")).ToHaveCountAsync(1);

        // HTTP Endpoint: path and POST.
        await ClickNodeAsync(page, endpoint);
        var path = page.Locator(".mud-input-control", new() { Has = page.Locator("label", new() { HasTextString = "Path" }) }).First.Locator("input").First;
        await path.FillAsync("dragged-ticket");
        await path.PressAsync("Tab");
        await page.Locator(".mud-checkbox", new() { HasTextString = "POST" }).First.ClickAsync();
        await page.WaitForTimeoutAsync(1_000);

        // Trigger Workspace Agent: the connection from the drop-down and a literal input naming the request.
        var requestId = $"DEMO-DRAG-{Guid.NewGuid().ToString("N")[..8]}";
        await ClickNodeAsync(page, trigger);
        var connection = page.Locator(".mud-input-control", new() { Has = page.Locator("label", new() { HasTextString = "Connection" }) }).First;
        await connection.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "default (Workspace Agents)" }).ClickAsync();
        await Assertions.Expect(connection.Locator("input").First).ToHaveValueAsync("default (Workspace Agents)");
        var text = page.Locator(".mud-input-control", new() { Has = page.Locator("label", new() { HasTextString = "Input" }) }).Locator("textarea").First;
        await text.FillAsync($"New ticket from Studio\nRequest ID: {requestId}");
        await text.PressAsync("Tab");
        var key = page.Locator(".mud-input-control", new() { Has = page.Locator("label", new() { HasTextString = "Idempotency Key" }) }).Locator("input").First;
        await key.FillAsync("evt-" + requestId);
        await key.PressAsync("Tab");
        await page.WaitForTimeoutAsync(1_500);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-dragged-and-wired.png") });

        await page.Locator(".mud-button-group-root button.mud-primary-text").First.ClickAsync();
        await Assertions.Expect(page.GetByText("published", new() { Exact = false }).First).ToBeVisibleAsync();

        // The wiring, read back from the Workflows API rather than trusted from the canvas.
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var published = await PublishedDefinitionAsync(http, definitionId);
        var connections = published.GetProperty("root").GetProperty("connections").EnumerateArray().ToList();
        Assert.Contains(connections, c =>
            c.GetProperty("source").GetProperty("activity").GetString() == endpoint
            && c.GetProperty("source").GetProperty("port").GetString() == "Done"
            && c.GetProperty("target").GetProperty("activity").GetString() == trigger);

        using var response = await http.PostAsync("api/workflows/dragged-ticket", new StringContent(
            JsonSerializer.Serialize(new { ticketId = "T-3001" }), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"POST api/workflows/dragged-ticket answered {(int)response.StatusCode}.");
        Assert.Equal($"Workspace Agent API demo received: {requestId}", await WaitForWriteAsync(requestId));
        output.WriteLine($"Screenshots: {screenshots}");
    }

    /// <summary>
    /// Drags an activity from its toolbox category onto the canvas at (<paramref name="x"/>, <paramref name="y"/>) within it
    /// and returns the new node's activity ID. Studio's toolbox uses HTML5 drag and drop: Chromium fires it from Playwright's mouse.
    /// </summary>
    private static async Task<string> DragFromToolboxAsync(IPage page, ILocator toolbox, ILocator canvas, string category, string activity, float x, float y)
    {
        var header = toolbox.Locator(".mud-expand-panel-header", new() { HasTextString = category });
        var panel = toolbox.Locator(".mud-expand-panel", new() { Has = page.Locator(".mud-expand-panel-header", new() { HasTextString = category }) });
        var item = panel.Locator("[draggable=true]", new() { HasTextString = activity }).First;
        if (!await item.IsVisibleAsync())
        {
            await header.First.ClickAsync();
        }

        await item.ScrollIntoViewIfNeededAsync();
        var before = await page.Locator("g.x6-node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('data-cell-id'))");
        await item.DragToAsync(canvas, new() { TargetPosition = new() { X = x, Y = y } });
        var added = page.Locator("g.x6-node", new() { HasTextString = activity });
        await Assertions.Expect(added).ToHaveCountAsync(1);
        var id = await added.GetAttributeAsync("data-cell-id") ?? throw new InvalidOperationException($"{activity} has no cell ID.");
        Assert.DoesNotContain(id, before);
        return id;
    }

    private static async Task ClickNodeAsync(IPage page, string activityId)
    {
        var box = await page.Locator($"g[data-cell-id='{activityId}'] foreignObject").BoundingBoxAsync() ?? throw new InvalidOperationException($"{activityId} has no box.");
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.WaitForTimeoutAsync(500);
    }

    private static async Task<JsonElement> PublishedDefinitionAsync(HttpClient http, string definitionId)
    {
        using var login = await http.PostAsJsonAsync("elsa/api/identity/login", new { username = "admin", password = "password" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// "Zoom to fit", the first button of the canvas toolbar (the outlined paper with the designer's progress bar; the
    /// instance view's journal has a toolbar of its own), then a moment for the canvas to settle before a screenshot.
    /// </summary>
    private static async Task ZoomToFitAsync(IPage page)
    {
        await page.Locator(".mud-paper-outlined:has(> .mud-progress-linear) > [role=toolbar] button").First.ClickAsync();
        await page.Mouse.MoveAsync(800, 20);
        await page.WaitForTimeoutAsync(500);
    }

    /// <summary>
    /// Fills Studio's login form until <paramref name="until"/> shows: the page is prerendered, so a click that lands before the
    /// Blazor circuit is connected does nothing and is repeated.
    /// </summary>
    private static async Task LogInAsync(IPage page, ILocator until)
    {
        // Studio may show the form before it is interactive (a submit then reloads the login page), and right after a
        // login it may still bounce once to the login page while it reads the new session: log in again until the
        // page after the login stays there once the network is quiet.
        var dashboard = until;
        var username = page.Locator("input[name=Username]");
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await username.IsVisibleAsync())
            {
                await username.FillAsync("admin");
                await page.Locator("input[name=Password]").FillAsync("password");
                await page.Locator("button[type=submit]").ClickAsync();
            }

            try
            {
                await dashboard.WaitForAsync(new() { Timeout = 5_000 });
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (await dashboard.IsVisibleAsync())
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is TimeoutException or PlaywrightException)
            {
                // Not there yet (a timeout, or a navigation that replaced the page): look again.
            }
        }

        await Assertions.Expect(dashboard).ToBeVisibleAsync();
    }

    /// <summary>Opens a Studio page by its URL; a navigation Studio itself started (after the login) may abort the first try.</summary>
    private async Task OpenAsync(IPage page, string path)
    {
        var url = new Uri(host.BaseAddress, path).ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.GotoAsync(url);
                return;
            }
            catch (PlaywrightException exception) when (attempt < 3 && exception.Message.Contains("ERR_ABORTED"))
            {
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            }
        }
    }

    /// <summary>
    /// Opens a Studio page until <paramref name="until"/> shows. Right after the login Studio may still be storing the
    /// session and send the first request back to its login page: then log in there and Studio returns to the page.
    /// </summary>
    private async Task OpenUntilAsync(IPage page, string path, ILocator until)
    {
        await OpenAsync(page, path);
        var login = page.Locator("input[name=Username]");
        await until.Or(login).First.WaitForAsync();
        if (await login.IsVisibleAsync())
        {
            await LogInAsync(page, until);
        }

        await until.WaitForAsync();
    }

    private async Task<string?> WaitForWriteAsync(string requestId)
    {
        for (var i = 0; i < 300; i++)
        {
            var match = (await host.DestinationWritesAsync("demo-channel")).FirstOrDefault(t => t.Contains(requestId, StringComparison.Ordinal));
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(100);
        }

        return null;
    }

    private static async Task<string> FinishedInstanceAsync(HttpClient http)
    {
        using var login = await http.PostAsJsonAsync("elsa/api/identity/login", new { username = "admin", password = "password" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "elsa/api/workflow-instances?definitionId=http-ticket-to-workspace-agent&status=Finished");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        for (var i = 0; i < 100; i++)
        {
            using var attempt = new HttpRequestMessage(HttpMethod.Get, request.RequestUri) { Headers = { Authorization = request.Headers.Authorization } };
            using var response = await http.SendAsync(attempt);
            var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
            if (items.GetArrayLength() > 0)
            {
                return items[0].GetProperty("id").GetString()!;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("No finished instance of the ticket workflow.");
    }
}
