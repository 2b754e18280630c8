using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ElsaWorkspaceAgents.SampleHost;

namespace ElsaWorkspaceAgents.ElsaTests.Infrastructure;

/// <summary>Elsa's Workflows REST API as Studio or a script uses it: log in through Elsa Identity, then call with the bearer token.</summary>
public sealed class ElsaApiClient : IDisposable
{
    private ElsaApiClient(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    /// <summary>Logs in as the sample's documented administrator (or the given user) and returns a client that sends the token.</summary>
    public static async Task<ElsaApiClient> LogInAsync(Uri host, string userName = WorkflowsApiComposition.DefaultAdminUserName,
        string password = WorkflowsApiComposition.DefaultAdminPassword)
    {
        var http = new HttpClient { BaseAddress = new Uri(host, WorkflowsApiComposition.RoutePrefix + "/"), Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsJsonAsync("identity/login", new { username = userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!body.GetProperty("isAuthenticated").GetBoolean())
        {
            http.Dispose();
            throw new InvalidOperationException($"Elsa Identity refused the login of '{userName}'.");
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        return new ElsaApiClient(http);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The activity descriptors the designer loads (<c>GET /elsa/api/descriptors/activities</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> ActivityDescriptorsAsync() =>
        (await GetJsonAsync("descriptors/activities")).GetProperty("items").EnumerateArray().ToArray();

    public void Dispose() => Http.Dispose();
}
