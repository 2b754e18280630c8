using System.Net;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ElsaWorkspaceAgents.Emulator.Tests.WorkspaceAgents;

/// <summary>Approval-gated destinations, conversation continuity and the idempotency window.</summary>
public sealed class ApprovalAndConversationTests
{
    [Fact]
    public async Task Gated_write_waits_for_approval_then_lands()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("GATE-1"), DemoFixture.GatedChannel);

        var pending = await Poll.UntilAsync(() => http.GetJsonAsync("_emulator/approvals"), j => j.GetArrayLength() == 1, what: "pending approval");
        var writeId = pending[0].GetProperty("writeId").GetString()!;
        Assert.Equal("pending_approval", pending[0].GetProperty("status").GetString());
        Assert.Equal(0, (await http.GetJsonAsync($"_emulator/destinations/{DemoFixture.GatedDestination}")).GetArrayLength());
        Assert.Equal(1, (await http.GetJsonAsync($"_emulator/destinations/{DemoFixture.GatedDestination}?include=all")).GetArrayLength());
        Assert.Equal(WorkspaceAgentRunStatus.AwaitingApproval, emulator.State.WorkspaceAgents.Runs.Single().Status);

        using var approve = await http.PostAsync($"_emulator/approvals/{writeId}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var visible = await http.GetJsonAsync($"_emulator/destinations/{DemoFixture.GatedDestination}");
        Assert.Equal("Workspace Agent API demo received: GATE-1", visible[0].GetProperty("text").GetString());
        Assert.Equal(WorkspaceAgentRunStatus.Completed, emulator.State.WorkspaceAgents.Runs.Single().Status);
        Assert.Equal(0, (await http.GetJsonAsync("_emulator/approvals")).GetArrayLength());

        using var again = await http.PostAsync($"_emulator/approvals/{writeId}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Rejected_write_never_lands()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("GATE-2"), DemoFixture.GatedChannel);
        var pending = await Poll.UntilAsync(() => emulator.State.WorkspaceAgents.PendingApprovals, p => p.Count == 1);

        using var reject = await http.PostAsync($"_emulator/approvals/{pending[0].WriteId}/reject", null);

        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Empty(emulator.State.WorkspaceAgents.GetDestinationWrites(DemoFixture.GatedDestination));
        Assert.Equal(DestinationWriteStatus.Rejected, emulator.State.WorkspaceAgents.AllWrites.Single().Status);
        Assert.Equal(WorkspaceAgentRunStatus.Rejected, emulator.State.WorkspaceAgents.Runs.Single().Status);
        using var unknown = await http.PostAsync("_emulator/approvals/wr_nope/approve", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Events_with_one_conversation_key_continue_one_conversation()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("CONV-1"), conversationKey: "ticket-42");
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("CONV-2"), conversationKey: "ticket-42");
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("OTHER"), conversationKey: "ticket-43");
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("NOKEY-1"));
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("NOKEY-2"));
        await emulator.WaitForIdleAsync(TimeSpan.FromSeconds(10));

        var runs = emulator.State.WorkspaceAgents.Runs;
        Assert.Equal(runs[0].ConversationId, runs[1].ConversationId);
        Assert.Equal(4, runs.Select(r => r.ConversationId).Distinct().Count());
        var conversations = await http.GetJsonAsync("_emulator/conversations?conversationKey=ticket-42");
        var conversation = Assert.Single(conversations.EnumerateArray());
        Assert.Equal(2, conversation.GetProperty("runIds").GetArrayLength());
        var messages = conversation.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(new[] { "user", "assistant", "user", "assistant" }, messages.Select(m => m.GetProperty("role").GetString()!).ToArray());
        var byId = await http.GetJsonAsync($"_emulator/conversations/{runs[0].ConversationId}");
        Assert.Equal("ticket-42", byId.GetProperty("conversationKey").GetString());
    }

    [Fact]
    public async Task The_same_conversation_key_on_different_agents_is_two_conversations()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("A"), DemoFixture.DemoChannel, conversationKey: "same");
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("B"), DemoFixture.GatedChannel, conversationKey: "same");

        var runs = emulator.State.WorkspaceAgents.Runs;
        Assert.NotEqual(runs[0].ConversationId, runs[1].ConversationId);
    }

    [Fact]
    public async Task Idempotency_keys_expire_after_the_window()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 18, 1, 1, 1, TimeSpan.Zero));
        await using var emulator = await TestEmulator.StartAsync(time: clock);
        using var http = emulator.CreateClient();
        var input = WorkspaceAgentsClient.Input("WIN-1");

        await WorkspaceAgentsClient.AcceptedAsync(http, input, idempotencyKey: "win");
        clock.Advance(TimeSpan.FromHours(23));
        await WorkspaceAgentsClient.AcceptedAsync(http, input, idempotencyKey: "win");
        Assert.Single(emulator.State.WorkspaceAgents.Runs);

        clock.Advance(TimeSpan.FromHours(2));
        await WorkspaceAgentsClient.AcceptedAsync(http, input, idempotencyKey: "win");
        Assert.Equal(2, emulator.State.WorkspaceAgents.Runs.Count);
    }

    [Fact]
    public async Task Token_expiry_follows_the_emulator_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await TestEmulator.StartAsync(
            f => f.WorkspaceAgents.AccessTokens[0].ExpiresAt = new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero),
            clock);
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("E-1"));
        clock.Advance(TimeSpan.FromHours(2));
        using var response = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("E-2"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
