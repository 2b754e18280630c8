using System.Net;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.WorkspaceAgents;

/// <summary>The seed's test matrix and the accepted-run behaviour, over real HTTP.</summary>
public sealed class WorkspaceAgentsTriggerTests
{
    [Fact]
    public async Task Happy_path_answers_202_with_no_body_and_writes_the_demo_line()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("DEMO-20260618010101"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var writes = await Poll.UntilAsync(
            () => http.GetJsonAsync($"_emulator/destinations/{DemoFixture.DemoDestination}"),
            json => json.GetArrayLength() == 1,
            what: "the destination write");
        Assert.Equal("Workspace Agent API demo received: DEMO-20260618010101", writes[0].GetProperty("text").GetString());
        Assert.Equal("written", writes[0].GetProperty("status").GetString());
        Assert.StartsWith("apirun_", writes[0].GetProperty("runId").GetString());
        Assert.True(writes[0].TryGetProperty("timestamp", out _));
        var run = Assert.Single(emulator.State.WorkspaceAgents.Runs);
        Assert.Equal(WorkspaceAgentRunStatus.Completed, run.Status);
        Assert.Equal("DEMO-20260618010101", run.RequestId);
    }

    [Fact]
    public async Task The_run_executes_after_the_response_not_inline()
    {
        await using var emulator = await TestEmulator.StartAsync(timings: t => t.WorkspaceAgentRunDelay = TimeSpan.FromSeconds(3));
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("DEMO-ASYNC"));

        var queued = Assert.Single(emulator.State.WorkspaceAgents.Runs);
        Assert.Equal(WorkspaceAgentRunStatus.Queued, queued.Status);
        Assert.Empty(emulator.State.WorkspaceAgents.GetDestinationWrites(DemoFixture.DemoDestination));
        await Poll.UntilAsync(() => emulator.State.WorkspaceAgents.GetRun(queued.RunId)!.Status, s => s == WorkspaceAgentRunStatus.Completed, what: "run completion");
    }

    [Fact]
    public async Task Missing_request_id_writes_nothing_and_records_the_question()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, "No request ID was provided. Ask for a request ID and do not write an update.\nDestination: demo-channel\n{\n  \"request_id\": \"IGNORED\"\n}");

        var run = await Poll.UntilAsync(() => emulator.State.WorkspaceAgents.Runs.Single(), r => r.Status != WorkspaceAgentRunStatus.Queued && r.Status != WorkspaceAgentRunStatus.Running);
        Assert.Equal(WorkspaceAgentRunStatus.NeedsInput, run.Status);
        Assert.Equal("Asked for a request ID; no update written", run.Message);
        Assert.Null(run.WriteId);
        Assert.Empty(emulator.State.WorkspaceAgents.AllWrites);
        var runs = await http.GetJsonAsync("_emulator/runs");
        Assert.Equal("needs_input", runs[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Duplicate_retry_with_the_same_idempotency_key_starts_one_run()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        var input = WorkspaceAgentsClient.Input("DEMO-DUP");

        using var first = await WorkspaceAgentsClient.TriggerAsync(http, input, idempotencyKey: "evt-1-v1");
        using var second = await WorkspaceAgentsClient.TriggerAsync(http, input, idempotencyKey: "evt-1-v1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        var run = Assert.Single(emulator.State.WorkspaceAgents.Runs);
        Assert.Equal(1, run.DuplicateHits);
        var replay = Assert.Single(emulator.State.WorkspaceAgents.IdempotentReplays);
        Assert.Equal(run.RunId, replay.OriginalRunId);
        Assert.True(replay.SameBody);
        await emulator.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        Assert.Single(emulator.State.WorkspaceAgents.GetDestinationWrites(DemoFixture.DemoDestination));
        var replays = await http.GetJsonAsync("_emulator/idempotency/replays");
        Assert.Equal(1, replays.GetArrayLength());
    }

    [Fact]
    public async Task The_same_idempotency_key_on_another_channel_is_a_different_event()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("A"), DemoFixture.DemoChannel, idempotencyKey: "shared");
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("B"), DemoFixture.GatedChannel, idempotencyKey: "shared");

        Assert.Equal(2, emulator.State.WorkspaceAgents.Runs.Count);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_still_start_exactly_one_run()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        var input = WorkspaceAgentsClient.Input("DEMO-RACE");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await WorkspaceAgentsClient.TriggerAsync(http, input, idempotencyKey: "race-key");
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Single(emulator.State.WorkspaceAgents.Runs);
        Assert.Equal(49, emulator.State.WorkspaceAgents.IdempotentReplays.Count);
    }

    [Fact]
    public async Task Many_concurrent_distinct_events_each_run_once_and_write_once()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        const int count = 300;

        var statuses = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var response = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input($"DEMO-{i}"), idempotencyKey: $"key-{i}");
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        var writes = await Poll.UntilAsync(
            () => emulator.State.WorkspaceAgents.GetDestinationWrites(DemoFixture.DemoDestination),
            w => w.Count == count,
            what: "all writes");
        Assert.Equal(count, writes.Select(w => w.Text).Distinct().Count());
    }

    [Fact]
    public async Task Token_from_unshared_user_is_403()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("X"), token: DemoFixture.UnsharedToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var json = await response.ReadJsonAsync();
        Assert.Equal("agent_not_shared", json.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error").GetProperty("message").GetString()));
        Assert.Empty(emulator.State.WorkspaceAgents.Runs);
    }

    [Theory]
    [InlineData("agtch_does_not_exist")]
    [InlineData("demo-agent")]
    [InlineData("agent_demo")]
    public async Task Wrong_trigger_id_is_404(string channel)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("X"), channel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("trigger_not_found", (await response.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(DemoFixture.InactiveChannel, "channel_inactive")]
    [InlineData(DemoFixture.UnsavedChannel, "agent_not_published")]
    [InlineData(DemoFixture.OfflineChannel, "destination_unavailable")]
    public async Task Agent_or_destination_not_runnable_is_409(string channel, string code)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("X"), channel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(code, (await response.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(emulator.State.WorkspaceAgents.Runs);
    }

    [Fact]
    public async Task Destination_named_in_the_input_is_used_when_the_agent_may_write_there()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("DOC-1", DemoFixture.DemoDocumentDestination));
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("DOC-2", DemoFixture.GatedDestination));
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("DOC-3", "somewhere-else"));

        await Poll.UntilAsync(() => emulator.State.WorkspaceAgents.AllWrites, w => w.Count == 3, what: "three writes");
        var state = emulator.State.WorkspaceAgents;
        Assert.Equal("Workspace Agent API demo received: DOC-1", Assert.Single(state.GetDestinationWrites(DemoFixture.DemoDocumentDestination)).Text);
        // demo-agent may not write to gated-channel or to an unknown destination: it falls back to its default.
        Assert.Equal(["DOC-2", "DOC-3"], state.GetDestinationWrites(DemoFixture.DemoDestination).Select(w => w.RequestId).Order().ToArray());
        Assert.Empty(state.GetDestinationWrites(DemoFixture.GatedDestination, includeAll: true));
    }

    [Fact]
    public async Task The_seed_notebook_input_is_understood()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        const string notebookInput =
            "Request ID: DEMO-20260618010101\n" +
            "Source system: notebook demo\n" +
            "Submitted at: 2026-06-18T01:01:01+00:00\n" +
            "Output destination: the agent's configured destination\n" +
            "Update text: The API trigger reached the Workspace Agent and asked it to write this update.\n\n" +
            "Please write this update to the configured destination.\n" +
            "Start with exactly: Workspace Agent API demo received: DEMO-20260618010101";

        await WorkspaceAgentsClient.AcceptedAsync(http, notebookInput,
            conversationKey: "workspace-agent-api-demo-DEMO-20260618010101",
            idempotencyKey: "workspace-agent-api-demo-DEMO-20260618010101-v1");

        var write = (await Poll.UntilAsync(() => emulator.State.WorkspaceAgents.AllWrites, w => w.Count == 1))[0];
        Assert.Equal(DemoFixture.DemoDestination, write.Destination);
        Assert.Equal("Workspace Agent API demo received: DEMO-20260618010101", write.Text);
        Assert.Equal("notebook demo", write.SourceSystem);
        Assert.Equal("2026-06-18T01:01:01+00:00", write.SubmittedAt);
        Assert.StartsWith("The API trigger reached", write.UpdateText);
    }

    [Fact]
    public async Task Reset_forgets_runs_and_writes()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("R-1"), idempotencyKey: "k");
        await emulator.WaitForIdleAsync(TimeSpan.FromSeconds(10));

        using var reset = await http.PostAsync("_emulator/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Empty(emulator.State.WorkspaceAgents.Runs);
        Assert.Empty(emulator.State.WorkspaceAgents.AllWrites);
        await WorkspaceAgentsClient.AcceptedAsync(http, WorkspaceAgentsClient.Input("R-1"), idempotencyKey: "k");
        Assert.Single(emulator.State.WorkspaceAgents.Runs);
    }
}
