using System.Net;
using System.Text;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.WorkspaceAgents;

/// <summary>401 variants and 400 body validation of the trigger endpoint.</summary>
public sealed class WorkspaceAgentsAuthAndValidationTests
{
    private const string TriggerPath = "v1/workspace_agents/agtch_demo/trigger";
    private const string ValidBody = "{\"input\":\"Request ID: A-1\"}";

    [Theory]
    [InlineData(null, "missing_authorization")]
    [InlineData("", "missing_authorization")]
    [InlineData("Basic d2F0X2RlbW9fdG9rZW46", "invalid_authorization_header")]
    [InlineData("Bearer", "invalid_authorization_header")]
    [InlineData("wat_demo_token", "invalid_authorization_header")]
    [InlineData("Bearer wat_unknown_token", "invalid_token")]
    [InlineData("Bearer " + DemoFixture.RevokedToken, "token_revoked")]
    [InlineData("Bearer " + DemoFixture.ExpiredToken, "token_expired")]
    [InlineData("Bearer " + DemoFixture.NoScopeToken, "insufficient_scope")]
    [InlineData("Bearer sk-proj-abc123", "invalid_credential_type")]
    public async Task Bad_credentials_are_401(string? authorization, string code)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = HttpExtensions.JsonPost(TriggerPath, ValidBody);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Empty(emulator.State.WorkspaceAgents.Runs);
    }

    [Fact]
    public async Task Credentials_are_checked_before_the_trigger_id()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await WorkspaceAgentsClient.TriggerAsync(http, "x", "agtch_missing", token: "nope");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"input\":", "application/json", "invalid_json")]
    [InlineData("", "application/json", "invalid_json")]
    [InlineData("[\"input\"]", "application/json", "invalid_request_body")]
    [InlineData("{}", "application/json", "missing_required_parameter")]
    [InlineData("{\"input\":null}", "application/json", "missing_required_parameter")]
    [InlineData("{\"input\":42}", "application/json", "invalid_type")]
    [InlineData("{\"input\":{\"text\":\"x\"}}", "application/json", "invalid_type")]
    [InlineData("{\"input\":\"\"}", "application/json", "empty_input")]
    [InlineData("{\"input\":\"   \"}", "application/json", "empty_input")]
    [InlineData("{\"input\":\"ok\",\"conversation_key\":7}", "application/json", "invalid_type")]
    [InlineData("{\"input\":\"ok\",\"conversation_key\":\"\"}", "application/json", "invalid_value")]
    [InlineData("{\"input\":\"ok\"}", "text/plain", "unsupported_content_type")]
    [InlineData("input=ok", "application/x-www-form-urlencoded", "unsupported_content_type")]
    public async Task Bad_bodies_are_400(string body, string contentType, string code)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = HttpExtensions.JsonPost(TriggerPath, body, DemoFixture.WorkspaceAgentsToken, contentType: contentType);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Empty(emulator.State.WorkspaceAgents.Runs);
    }

    [Fact]
    public async Task Json_content_type_with_charset_and_null_conversation_key_are_accepted()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TriggerPath)
        {
            Content = new StringContent("{\"input\":\"Request ID: C-1\",\"conversation_key\":null,\"extra\":true}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + DemoFixture.WorkspaceAgentsToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", request.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Only_post_is_routed()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await http.GetAsync(TriggerPath);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
