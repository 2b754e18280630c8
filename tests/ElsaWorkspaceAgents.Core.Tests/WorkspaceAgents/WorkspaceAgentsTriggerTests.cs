using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Core.Tests.WorkspaceAgents;

/// <summary>The seed's test matrix, over real HTTP against the Emulator.</summary>
public sealed class WorkspaceAgentsTriggerTests : EmulatorTest
{
    private const string DemoToken = "wat_demo_token";

    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Connections["default"] = Connection("agtch_demo", DemoToken);
        options.Connections["unshared"] = Connection("agtch_demo", "wat_unshared_token");
        options.Connections["inactive"] = Connection("agtch_inactive", DemoToken);
        options.Connections["unknown"] = Connection("agtch_does_not_exist", DemoToken);
        options.Connections["revoked"] = Connection("agtch_demo", "wat_revoked_token");
        options.Connections["platform-key"] = Connection("agtch_demo", "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789");
        options.Connections["no-token"] = Connection("agtch_demo", null);
        options.Connections["not-a-channel"] = Connection("demo-agent", DemoToken);
    }

    private AgentConnection Connection(string triggerId, string? token) => new()
    {
        Platform = AgentPlatform.WorkspaceAgents,
        BaseUrl = Emulator.BaseAddress,
        TriggerId = triggerId,
        Token = token,
        OutputDestination = "demo-channel",
    };

    private static AgentTriggerRequest Request(string requestId, string? requestIdInInput = "same", string? conversation = null)
    {
        var sourceEvent = new SourceEvent
        {
            SourceSystem = "tests",
            EventType = "ticket.created",
            EventId = requestId,
            RequestId = requestIdInInput == "same" ? requestId : requestIdInInput,
            Destination = "demo-channel",
            Summary = "Write the demo update.",
        };
        return new AgentTriggerRequest
        {
            Input = AgentInputBuilder.Build(sourceEvent).Text,
            IdempotencyKey = IdempotencyKey.For(sourceEvent),
            ConversationKey = conversation,
            SourceRequestId = requestId,
        };
    }

    private IAgentTriggerService Triggers => Services.GetRequiredService<IAgentTriggerService>();

    [Fact]
    public async Task Happy_path_is_accepted_and_the_agent_writes_the_request_id_to_its_destination()
    {
        var outcome = await Triggers.TriggerAsync(Request("DEMO-20260618010101"));

        Assert.Equal(TriggerOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(202, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        var texts = await EmulatorServer.EventuallyAsync(() => Emulator.DestinationTextsAsync("demo-channel"), t => t.Count > 0);
        Assert.Contains("Workspace Agent API demo received: DEMO-20260618010101", texts);
    }

    [Fact]
    public async Task Missing_request_id_is_accepted_but_the_agent_writes_nothing()
    {
        var outcome = await Triggers.TriggerAsync(Request("EVT-NO-ID", requestIdInInput: null));
        Assert.True(outcome.IsAccepted);

        var runs = await EmulatorServer.EventuallyAsync(() => Emulator.GetJsonAsync("_emulator/runs"),
            r => r.EnumerateArray().Any(run => run.GetProperty("status").GetString() is not ("queued" or "running")));
        Assert.Single(runs.EnumerateArray());
        Assert.Empty(await Emulator.DestinationTextsAsync("demo-channel"));
    }

    [Fact]
    public async Task Duplicate_retry_with_the_same_key_returns_the_original_outcome_and_starts_one_run()
    {
        var request = Request("DEMO-DUPLICATE");
        var first = await Triggers.TriggerAsync(request);
        var second = await Triggers.TriggerAsync(request);

        Assert.Equal(TriggerOutcomeKind.Accepted, first.Kind);
        Assert.Equal(TriggerOutcomeKind.Accepted, second.Kind);
        Assert.Equal(first.IdempotencyKey, second.IdempotencyKey);
        var texts = await EmulatorServer.EventuallyAsync(() => Emulator.DestinationTextsAsync("demo-channel"), t => t.Count > 0);
        await Task.Delay(200); // give a (wrong) second run the chance to show up before counting
        Assert.Single(await Emulator.DestinationTextsAsync("demo-channel"));
        Assert.Single((await Emulator.GetJsonAsync("_emulator/runs")).EnumerateArray());
    }

    [Fact]
    public async Task Same_conversation_key_continues_one_conversation()
    {
        var conversation = ConversationKey.Derive("tests", "ticket", "T-42");
        Assert.True((await Triggers.TriggerAsync(Request("DEMO-CONV-1", conversation: conversation))).IsAccepted);
        Assert.True((await Triggers.TriggerAsync(Request("DEMO-CONV-2", conversation: conversation))).IsAccepted);
        Assert.True((await Triggers.TriggerAsync(Request("DEMO-CONV-3"))).IsAccepted);

        var runs = await EmulatorServer.EventuallyAsync(() => Emulator.GetJsonAsync("_emulator/runs"), r => r.GetArrayLength() == 3);
        var conversationIds = runs.EnumerateArray()
            .Select(run => (Key: run.GetProperty("conversationKey").GetString(), Id: run.GetProperty("conversationId").GetString()))
            .ToArray();
        Assert.Single(conversationIds.Where(c => c.Key == conversation).Select(c => c.Id).Distinct());
        Assert.Equal(2, conversationIds.Select(c => c.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("unshared", TriggerOutcomeKind.Forbidden, 403, "Share the agent")]
    [InlineData("unknown", TriggerOutcomeKind.NotFound, 404, "agtch_")]
    [InlineData("inactive", TriggerOutcomeKind.Conflict, 409, "Save/publish")]
    [InlineData("revoked", TriggerOutcomeKind.Unauthorized, 401, "Access tokens")]
    [InlineData("platform-key", TriggerOutcomeKind.Unauthorized, 401, "OpenAI Platform API key")]
    public async Task Refusals_become_typed_outcomes_with_the_seeds_guidance_and_are_not_retried(
        string connection, TriggerOutcomeKind kind, int status, string guidance)
    {
        var outcome = await Triggers.TriggerAsync(Request("DEMO-REFUSED"), connection);

        Assert.Equal(kind, outcome.Kind);
        Assert.Equal(status, outcome.HttpStatus);
        Assert.Equal(1, outcome.Attempts);
        Assert.Contains(guidance, outcome.Guidance);
        Assert.Empty((await Emulator.GetJsonAsync("_emulator/runs")).EnumerateArray());
    }

    [Fact]
    public async Task A_trigger_id_that_is_not_an_api_channel_id_is_refused_before_sending()
    {
        var outcome = await Triggers.TriggerAsync(Request("DEMO-BAD-ID"), "not-a-channel");

        Assert.Equal(TriggerOutcomeKind.InvalidInput, outcome.Kind);
        Assert.Equal(0, outcome.Attempts);
        Assert.Null(outcome.HttpStatus);
        Assert.Contains("agtch_", outcome.Detail);
    }

    [Fact]
    public async Task A_missing_token_is_refused_before_sending()
    {
        var outcome = await Triggers.TriggerAsync(Request("DEMO-NO-TOKEN"), "no-token");
        Assert.Equal(TriggerOutcomeKind.InvalidInput, outcome.Kind);
        Assert.Equal(0, outcome.Attempts);
    }

    [Fact]
    public async Task An_unknown_connection_name_is_a_clear_invalid_input()
    {
        var outcome = await Triggers.TriggerAsync(Request("DEMO-NO-CONNECTION"), "nope");
        Assert.Equal(TriggerOutcomeKind.InvalidInput, outcome.Kind);
        Assert.Contains("No agent connection named 'nope'", outcome.Detail);
    }

    [Fact]
    public void Preview_shows_the_request_with_the_token_masked()
    {
        var preview = Triggers.Preview(Request("DEMO-PREVIEW"));

        Assert.Equal("POST", preview.Method);
        Assert.EndsWith("/v1/workspace_agents/agtch_demo/trigger", preview.Url);
        Assert.DoesNotContain(DemoToken, preview.Headers["Authorization"]);
        Assert.StartsWith("Bearer ", preview.Headers["Authorization"]);
        Assert.StartsWith("ik1_", preview.Headers["Idempotency-Key"]);
        Assert.Contains("\"input\":", preview.Body);
    }
}
