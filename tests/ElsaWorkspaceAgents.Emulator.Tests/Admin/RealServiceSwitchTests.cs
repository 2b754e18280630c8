using System.Net;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.Admin;

/// <summary>The fixture switches and admin settings that make the emulator answer as real deployments do beyond the seeds.</summary>
public sealed class RealServiceSwitchTests
{
    [Fact]
    public async Task Writer_jobs_can_answer_with_id_and_fail_with_the_status_failed()
    {
        await using var emulator = await TestEmulator.StartAsync(f => { f.Writer.JobIdField = "id"; f.Writer.FailedJobStatus = "failed"; });
        using var http = emulator.CreateClient();

        using var created = await http.SendAsync(WriterClient.Post(WriterClient.BlueprintPath(DemoFixture.WriterErrorBlueprint) + "/jobs"));
        var job = await created.ReadJsonAsync();
        Assert.False(job.TryGetProperty("job_id", out _));
        var id = job.GetProperty("id").GetString()!;
        var done = await Poll.UntilAsync(async () =>
        {
            using var read = await http.SendAsync(WriterClient.Get("v1/agents/jobs/" + id));
            return await read.ReadJsonAsync();
        }, j => j.GetProperty("status").GetString() is not ("queued" or "in_progress"));

        Assert.Equal("failed", done.GetProperty("status").GetString());
        Assert.Equal(id, done.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Workspace_agents_can_answer_202_with_a_run_id_body()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.WorkspaceAgents.AcceptedBodyWithRunId = true);
        using var http = emulator.CreateClient();

        using var response = await WorkspaceAgentsClient.TriggerAsync(http, WorkspaceAgentsClient.Input("BODY-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(emulator.State.WorkspaceAgents.Runs.Single().RunId, body.GetProperty("run_id").GetString());
        Assert.Equal("queued", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Docsgpt_without_workers_keeps_tasks_pending_and_can_answer_task_status_with_503()
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();
        using (var off = await http.PutAsync("_emulator/docsgpt/workers", new StringContent("{\"available\":false,\"unpickedTaskStatusCode\":503}", Encoding.UTF8, "application/json")))
        {
            off.EnsureSuccessStatusCode();
        }

        using var trigger = await http.SendAsync(HttpExtensions.JsonPost("api/webhooks/agents/" + DemoFixture.DocsGptToken, "{\"question\":\"q\"}"));
        var taskId = (await trigger.ReadJsonAsync()).GetProperty("task_id").GetString();
        using var unavailable = await http.GetAsync("api/task_status?task_id=" + taskId);
        var unknown = await http.GetJsonAsync("api/task_status?task_id=never-seen");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.False((await unavailable.ReadJsonAsync()).GetProperty("success").GetBoolean());
        Assert.Equal("PENDING", unknown.GetProperty("status").GetString());
        Assert.Equal("PENDING", emulator.State.DocsGpt.GetTask(taskId!)!.Status);

        using (var on = await http.PutAsync("_emulator/docsgpt/workers", new StringContent("{\"available\":true}", Encoding.UTF8, "application/json")))
        {
            on.EnsureSuccessStatusCode();
        }

        var done = await Poll.UntilAsync(() => http.GetJsonAsync("api/task_status?task_id=" + taskId), s => s.GetProperty("status").GetString() == "SUCCESS");
        Assert.Equal("SUCCESS", done.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"available\":\"no\"}")]
    [InlineData("{\"available\":false,\"unpickedTaskStatusCode\":200}")]
    [InlineData("not json")]
    public async Task Bad_worker_settings_are_refused(string body)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var http = emulator.CreateClient();

        using var response = await http.PutAsync("_emulator/docsgpt/workers", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(emulator.State.DocsGpt.WorkersAvailable);
    }

    [Theory]
    [InlineData("{\"writer\":{\"jobIdField\":\"jobId\"}}", "jobIdField")]
    [InlineData("{\"writer\":{\"failedJobStatus\":\"broken\"}}", "failedJobStatus")]
    [InlineData("{\"docsGpt\":{\"unpickedTaskStatusCode\":302}}", "unpickedTaskStatusCode")]
    public void Bad_switch_values_in_a_fixture_are_rejected(string json, string reason)
    {
        var error = Assert.Throws<FixtureException>(() => FixtureLoader.Parse(json));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task A_recorded_webhook_delivery_can_be_redelivered_byte_for_byte()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var emulator = await TestEmulator.StartAsync(f => f.GptWorkbench.Triggers[0].WebhookUrl = receiver.Url.ToString());
        using var http = emulator.CreateClient();
        await GptWorkbenchClient.QueuedJobIdAsync(http, "send me twice");
        var first = await Poll.UntilAsync(() => receiver.Received.ToArray(), r => r.Length == 1, what: "webhook");
        var delivery = await Poll.UntilAsync(() => emulator.State.GptWorkbench.Deliveries.Single(), d => d.Status == WebhookDeliveryStatus.Delivered);

        using var again = await http.PostAsync($"_emulator/gpt-workbench/deliveries/{delivery.DeliveryId}/redeliver", null);
        using var missing = await http.PostAsync("_emulator/gpt-workbench/deliveries/whd_nope/redeliver", null);

        again.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var both = receiver.Received.ToArray();
        Assert.Equal(2, both.Length);
        Assert.Equal(first[0].Body, both[1].Body);
        foreach (var header in new[] { WebhookSignature.SignatureHeader, WebhookSignature.TimestampHeader, WebhookSignature.DeliveryHeader })
        {
            Assert.Equal(first[0].Headers[header], both[1].Headers[header]);
        }

        Assert.Equal(2, (await http.GetJsonAsync("_emulator/gpt-workbench/deliveries"))[0].GetProperty("attempts").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, (await http.GetJsonAsync("_emulator/gpt-workbench/deliveries"))[0].GetProperty("timestamp").ValueKind);
    }
}
