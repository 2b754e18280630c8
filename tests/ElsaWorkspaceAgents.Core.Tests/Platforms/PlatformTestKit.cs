using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Core.Tests.Platforms;

/// <summary>Helpers shared by the GPT Workbench, DocsGPT and Writer integration tests.</summary>
internal static class PlatformTestKit
{
    /// <summary>Quick polling under a generous deadline: tests wait for states, never for durations.</summary>
    public static RunWaitOptions FastWait => new()
    {
        InitialPollInterval = TimeSpan.FromMilliseconds(20),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>A request with a unique idempotency key per test case.</summary>
    public static AgentTriggerRequest Request(string input, string? source = null, JsonElement? structured = null, string? key = null) => new()
    {
        Input = input,
        IdempotencyKey = key ?? "ik1_test_" + Guid.NewGuid().ToString("N"),
        SourceRequestId = "REQ-" + Guid.NewGuid().ToString("N")[..8],
        Source = source,
        StructuredInput = structured,
    };

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Replaces the emulator's world with the demo fixture after <paramref name="change"/> (POST /_emulator/reset).</summary>
    public static async Task ResetAsync(this EmulatorServer emulator, Action<EmulatorFixture> change)
    {
        var fixture = DemoFixture.Create();
        change(fixture);
        using var content = new StringContent(FixtureLoader.Serialize(fixture), Encoding.UTF8, "application/json");
        using var response = await emulator.Admin.PostAsync("_emulator/reset", content);
        response.EnsureSuccessStatusCode();
    }

    public static async Task PostAdminAsync(this EmulatorServer emulator, string path, object? body = null)
    {
        using var content = new StringContent(body is null ? "{}" : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await emulator.Admin.PostAsync(path, content);
        response.EnsureSuccessStatusCode();
    }

    public static async Task PutAdminAsync(this EmulatorServer emulator, string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await emulator.Admin.PutAsync(path, content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Asserts that none of <paramref name="secrets"/> occurs in any of <paramref name="texts"/>, naming the leak.</summary>
    public static void AssertNoSecret(IEnumerable<string?> texts, params string[] secrets)
    {
        var all = texts.Where(t => t is not null).ToArray();
        foreach (var secret in secrets)
        {
            var leaks = all.Where(text => text!.Contains(secret, StringComparison.Ordinal)).ToArray();
            Assert.True(leaks.Length == 0, $"A secret leaked in: {string.Join(" | ", leaks)}");
        }
    }
}
