using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.PackageInstallTests;

/// <summary>
/// The NuGet path as a user walks it: the packed .nupkg, installed from a local folder into a fresh Elsa 3.7 host that is
/// not part of this repository's build, registered with <c>UseWorkspaceAgents()</c>; a definition from workflows/ imported
/// and published through the Workflows API, then run over HTTP against the emulator.
/// </summary>
public sealed class PackageInstallTests(PackedPackages packages, ITestOutputHelper output) : IClassFixture<PackedPackages>
{
    [Theory]
    [InlineData("ElsaWorkspaceAgents")]
    [InlineData("ElsaWorkspaceAgents.Core")]
    public void The_package_carries_readme_licence_xml_docs_and_symbols_and_no_repository(string id)
    {
        using var package = ZipFile.OpenRead(packages.Package(id));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("README.md", entries);
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{framework}/{id}.dll", entries);
            Assert.Contains($"lib/{framework}/{id}.xml", entries);
        }

        using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository"));
        Assert.Null(Field("projectUrl"));

        using var symbols = ZipFile.OpenRead(packages.Package(id, "snupkg"));
        Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task A_fresh_Elsa_host_installs_the_package_imports_the_ticket_workflow_and_runs_it_against_the_emulator()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Urls = "http://127.0.0.1:0" });
        var hostDirectory = Path.Combine(packages.Root, "FreshElsaHost");
        WriteFreshHost(hostDirectory);

        output.WriteLine(await DotNetCli.RunAsync(hostDirectory, TimeSpan.FromMinutes(15),
            ["build", "-c", "Release", "-nologo", "-v", "q", .. DotNetCli.ExtraMSBuildArgs]));

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var emulatorUrl = emulator.BaseAddress.ToString().TrimEnd('/');
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseAddress.ToString(),
            ["Identity__SigningKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            ["Identity__AdminPassword"] = "install-test-" + Guid.NewGuid().ToString("N")[..8],
            ["WorkspaceAgents__Connections__default__Platform"] = "WorkspaceAgents",
            ["WorkspaceAgents__Connections__default__BaseUrl"] = emulatorUrl,
            ["WorkspaceAgents__Connections__default__TriggerId"] = DemoFixture.DemoChannel,
            ["WorkspaceAgents__Connections__default__Token"] = DemoFixture.WorkspaceAgentsToken,
            ["WorkspaceAgents__Connections__default__OutputDestination"] = DemoFixture.DemoDestination,
        };

        using var host = DotNetCli.Start(hostDirectory, ["run", "-c", "Release", "--no-build", "--no-launch-profile"], environment);
        var log = new StringBuilder();
        host.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        host.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            var token = await LogInAsync(http, environment["Identity__AdminPassword"], host, log);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // Import the repository's definition exactly as stored, then publish it: what a user does with an exported file.
            var definition = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(PackedPackages.RepositoryRoot, "workflows", "http-ticket-to-workspace-agent.json")))!;
            using (var import = await http.PostAsync("elsa/api/workflow-definitions/import", Json(definition.ToJsonString())))
            {
                Assert.True(import.IsSuccessStatusCode, $"import: {(int)import.StatusCode} {await import.Content.ReadAsStringAsync()}");
            }

            using (var publish = await http.PostAsync("elsa/api/workflow-definitions/http-ticket-to-workspace-agent/publish", Json("{}")))
            {
                Assert.True(publish.IsSuccessStatusCode, $"publish: {(int)publish.StatusCode} {await publish.Content.ReadAsStringAsync()}");
            }

            var requestId = $"DEMO-INSTALL-{Guid.NewGuid().ToString("N")[..8]}";
            using var anonymous = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            using var response = await anonymous.PostAsync("workflows/tickets",
                Json(JsonSerializer.Serialize(new { eventId = "evt-" + requestId, ticketId = "T-1", requestId, summary = "Installed from the package" })));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"ticket: {(int)response.StatusCode} {body}\n{log}");
            Assert.Equal(requestId, JsonDocument.Parse(body).RootElement.GetProperty("requestId").GetString());

            Assert.Equal($"Workspace Agent API demo received: {requestId}", await WaitForWriteAsync(emulator, requestId));
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }

            await host.WaitForExitAsync();
            output.WriteLine(log.ToString());
        }
    }

    private void WriteFreshHost(string directory)
    {
        Directory.CreateDirectory(directory);
        var templates = Path.Combine(AppContext.BaseDirectory, "fresh-host");
        string Fill(string template) => File.ReadAllText(Path.Combine(templates, template))
            .Replace("{{ElsaVersion}}", PackedPackages.ElsaVersion).Replace("{{PackageVersion}}", packages.Version);
        File.WriteAllText(Path.Combine(directory, "FreshElsaHost.csproj"), Fill("FreshElsaHost.csproj.template"));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Fill("Program.cs.template"));
        // The package comes from a local folder; everything else from nuget.org (plus what EXTRA_MSBUILD_ARGS adds).
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local-packages" value="{packages.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    private static async Task<string> LogInAsync(HttpClient http, string password, Process host, StringBuilder log)
    {
        var until = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"The fresh host exited with {host.ExitCode}:\n{log}");
            }

            try
            {
                using var response = await http.PostAsJsonAsync("elsa/api/identity/login", new { username = "admin", password });
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (response.IsSuccessStatusCode && body.GetProperty("isAuthenticated").GetBoolean())
                {
                    return body.GetProperty("accessToken").GetString()!;
                }
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < until)
            {
                // Not listening yet.
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"The fresh host did not let the admin log in:\n{log}");
            }

            await Task.Delay(500);
        }
    }

    private static async Task<string?> WaitForWriteAsync(EmulatorHost emulator, string requestId)
    {
        using var admin = new HttpClient { BaseAddress = emulator.BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            var writes = await admin.GetFromJsonAsync<JsonElement>($"_emulator/destinations/{DemoFixture.DemoDestination}");
            var match = writes.EnumerateArray().Select(w => w.GetProperty("text").GetString()).FirstOrDefault(t => t!.Contains(requestId));
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(100);
        }

        return null;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
