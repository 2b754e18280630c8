using System.Net.Http.Json;

namespace ElsaWorkspaceAgents.Core.Tests.Infrastructure;

/// <summary>Configures the emulator's fault injection over its admin API (<c>PUT /_emulator/chaos</c>).</summary>
public static class Chaos
{
    public static async Task SetAsync(this EmulatorServer emulator, params object[] rules)
    {
        using var response = await emulator.Admin.PutAsJsonAsync("_emulator/chaos", new { seed = 7, rules });
        response.EnsureSuccessStatusCode();
    }
}
