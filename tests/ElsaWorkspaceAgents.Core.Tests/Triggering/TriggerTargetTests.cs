using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Tests.Triggering;

/// <summary>
/// The target an outcome names is described once per connection and reused; an edit to the identifiers it shows
/// (options edited in place, as a reload-free host may do) must show in the next outcome, never the old text.
/// </summary>
public sealed class TriggerTargetTests
{
    [Fact]
    public async Task An_edited_connection_is_described_afresh_on_the_next_call()
    {
        // No token: every call is refused before anything is sent, so no network is involved, and the refusal names the target.
        using var services = TestServices.Build(options => options.Connections["edited"] = new AgentConnection
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"), TriggerId = "agtch_first",
        });
        var triggers = services.GetRequiredService<IAgentTriggerService>();
        var connection = services.GetRequiredService<IOptionsMonitor<WorkspaceAgentsOptions>>().CurrentValue.Connections["edited"];
        var request = new AgentTriggerRequest { Input = "hello", IdempotencyKey = "ik1_" + new string('a', 64) };

        var first = await triggers.TriggerAsync(request, "edited");
        var again = await triggers.TriggerAsync(request, "edited");
        connection.TriggerId = "agtch_second";
        var edited = await triggers.TriggerAsync(request, "edited");
        connection.Platform = AgentPlatform.GptWorkbench;
        var otherPlatform = await triggers.TriggerAsync(request, "edited");

        Assert.Equal(TriggerOutcomeKind.InvalidInput, first.Kind);
        Assert.Equal("edited: WorkspaceAgents agtch_first", first.Target);
        Assert.Same(first.Target, again.Target);
        Assert.Equal("edited: WorkspaceAgents agtch_second", edited.Target);
        Assert.Equal("edited: GptWorkbench (token-bearing URL hidden)", otherPlatform.Target);
    }
}
