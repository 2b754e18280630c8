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
        var dashboard = until;
        for (var attempt = 0; attempt < 10 && !await dashboard.IsVisibleAsync(); attempt++)
        {
            await page.Locator("input[name=Username]").FillAsync("admin");
            await page.Locator("input[name=Password]").FillAsync("password");
            await page.Locator("button[type=submit]").ClickAsync();
            try
            {
                await dashboard.WaitForAsync(new() { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                // Not interactive yet: fill and submit again.
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
