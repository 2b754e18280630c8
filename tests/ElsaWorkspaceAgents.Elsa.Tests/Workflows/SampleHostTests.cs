using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.SampleHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Workflows;

/// <summary>The sample host as a user runs it: no credentials configured, so the embedded emulator is the target.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class SampleHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Without_credentials_the_host_embeds_the_emulator_and_the_ticket_curl_works()
    {
        Assert.False(SampleHostApplication.HasCredentials(new ConfigurationBuilder().Build()) &&
                     string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WORKSPACE_AGENT_ACCESS_TOKEN")));
        var database = SampleHostRunner.NewDatabasePath();
        try
        {
            await using var host = await SampleHostApplication.CreateAsync([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["urls"] = "http://127.0.0.1:0",
                    [SampleHostApplication.EmulatorUrlsKey] = "http://127.0.0.1:0",
                    ["ConnectionStrings:" + SampleHostApplication.ConnectionStringName] = $"Data Source={database};Cache=Shared;Pooling=False;",
                });
                builder.Logging.ClearProviders().AddProvider(new Elsa.Testing.Shared.XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Warning);
            });
            await host.StartAsync();
            Assert.NotNull(host.Emulator);

            using var http = new HttpClient { BaseAddress = host.BaseAddress };
            var index = await http.GetFromJsonAsync<JsonElement>("sample-host");
            var writesUrl = index.GetProperty("agentWrites").GetString()!;

            // The README's curl: a JSON body with Content-Length.
            using var body = new StringContent(
                """{"eventId":"evt-1001","ticketId":"T-1001","requestId":"DEMO-20260618010101","summary":"Printer on fire","priority":"high"}""",
                Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("api/workflows/tickets", body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

            string? write = null;
            for (var i = 0; i < 100 && write is null; i++)
            {
                var writes = await http.GetFromJsonAsync<JsonElement>(writesUrl);
                write = writes.EnumerateArray().Select(w => w.GetProperty("text").GetString()).FirstOrDefault(t => t!.Contains("DEMO-20260618010101"));
                await Task.Delay(100);
            }

            Assert.Equal("Workspace Agent API demo received: DEMO-20260618010101", write);
            SampleHostRunner.CancelScheduledTimers(host.Services);
        }
        finally
        {
            SampleHostRunner.DeleteDatabase(database);
        }
    }
}
