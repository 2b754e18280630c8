using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Elsa.Workflows;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Workflows;

/// <summary>
/// workflows/gpt-workbench-callback.json in the sample host: GPT Workbench's signed completion webhook, sent by the emulator,
/// resumes exactly the Wait For Agent Result waiting for its job — also after a host restart, and with two jobs in flight
/// on one trigger (where the status endpoint shows only the newer one). Bad deliveries resume nothing.
/// </summary>
[Collection(SampleHostCollection.Name)]
public sealed class CompletionCallbackTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string DefinitionId = "gpt-workbench-callback";
    private const string Secret = DemoFixture.GptWorkbenchWebhookSecret;
    private readonly List<string> databases = [];
    private TestEmulator emulator = null!;

    public async Task InitializeAsync()
    {
        // A job takes a moment, so the workflow is waiting on its bookmark before the result is delivered; the platform's
        // realistic retry spacing gives a delivery that finds no waiter yet (404) time to succeed on a retry.
        var timings = EmulatorTimings.Fast();
        timings.GptWorkbenchProcessingDelay = TimeSpan.FromMilliseconds(600);
        timings.WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(250);
        emulator = await TestEmulator.StartAsync(timings);
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        databases.ForEach(SampleHostRunner.DeleteDatabase);
    }

    private async Task<SampleHostRunner> StartHostAsync(string database, int? port = null)
    {
        databases.Add(database);
        var settings = port is { } fixedPort ? new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{fixedPort}" } : null;
        return await SampleHostRunner.StartAsync(output, emulator, database, settings);
    }

    private async Task PointWebhookAtAsync(Uri hostBase)
    {
        using var response = await emulator.Admin.PutAsync($"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/webhook",
            new StringContent(JsonSerializer.Serialize(new { url = new Uri(hostBase, "agent-callbacks/gpt-workbench").AbsoluteUri, secret = Secret }),
                Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> PromptAsync(SampleHostRunner host, string promptId, string prompt)
    {
        var (response, body) = await host.PostJsonAsync("api/workflows/workbench-prompts", new { promptId, requestId = "REQ-" + promptId, prompt });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return body.GetProperty("jobId").GetString()!;
    }

    private async Task<WebhookDelivery> SettledDeliveryAsync(string jobId) =>
        await EventuallyAsync(() => emulator.Host.State.GptWorkbench.Deliveries.FirstOrDefault(d => d.JobId == jobId),
            d => d is { Status: not WebhookDeliveryStatus.Pending }) ?? throw new InvalidOperationException("No delivery for " + jobId);

    private async Task<Elsa.Workflows.Management.Entities.WorkflowInstance> InstanceForAsync(SampleHostRunner host, string jobId)
    {
        foreach (var instance in await host.InstancesAsync(DefinitionId))
        {
            var outputs = await host.ActivityOutputsAsync(instance.Id, "askDocsGpt");
            if (outputs.TryGetValue("RunId", out var runId) && runId?.ToString() == jobId)
            {
                return instance;
            }
        }

        throw new InvalidOperationException($"No instance started job {jobId}.");
    }

    private static async Task<string?> AnswerOfAsync(SampleHostRunner host, string instanceId) =>
        (await host.ActivityOutputsAsync(instanceId, "waitForAnswer")).TryGetValue("AgentOutput", out var answer) ? answer?.ToString() : null;

    private static async Task<HttpStatusCode> PostCallbackAsync(SampleHostRunner host, string body, WebhookDelivery delivery, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "agent-callbacks/gpt-workbench") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, signature ?? delivery.Signature);
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, delivery.DeliveryId + (signature is null ? string.Empty : "-test"));
        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task WaitUntilAsync(SampleHostRunner host, string instanceId, WorkflowStatus status)
    {
        var instance = await EventuallyAsync(async () => (await host.InstancesAsync(DefinitionId)).Single(i => i.Id == instanceId), i => i.Status == status);
        Assert.Equal(status, instance.Status);
    }

    [Fact]
    public async Task The_signed_callback_resumes_the_waiting_workflow_with_its_answer_and_bad_callbacks_resume_nothing()
    {
        // The real delivery goes where nothing listens, so the test holds it and sends it (and forgeries of it) itself.
        await PointWebhookAtAsync(new Uri($"http://127.0.0.1:{FreePort()}/"));
        await using var host = await StartHostAsync(SampleHostRunner.NewDatabasePath());
        var jobId = await PromptAsync(host, "P-1", "Summarise the open tickets");
        var delivery = await SettledDeliveryAsync(jobId);
        var instance = await InstanceForAsync(host, jobId);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);
        Assert.Contains(await host.BookmarksAsync(instance.Id), b => b.Name == "ElsaWorkspaceAgents.WaitForAgentResult");

        var altered = delivery.Body.Replace("GPT Workbench response to:", "GPT Workbench response to :", StringComparison.Ordinal);
        var stranger = delivery.Body.Replace(jobId, Guid.NewGuid().ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await PostCallbackAsync(host, delivery.Body, delivery, signature: "sha256=" + new string('0', 64)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostCallbackAsync(host, altered, delivery, signature: delivery.Signature));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostCallbackAsync(host, delivery.Body, delivery, signature: WebhookSignature.Compute("whsec_other", Encoding.UTF8.GetBytes(delivery.Body))));
        Assert.Equal(HttpStatusCode.NotFound, await PostCallbackAsync(host, stranger, delivery, signature: WebhookSignature.Compute(Secret, Encoding.UTF8.GetBytes(stranger))));
        instance = await InstanceForAsync(host, jobId);
        Assert.Equal(WorkflowStatus.Running, instance.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);

        // The genuine delivery resumes it; its retry finds it handled and resumes nothing more.
        Assert.Equal(HttpStatusCode.OK, await PostCallbackAsync(host, delivery.Body, delivery));
        await WaitUntilAsync(host, instance.Id, WorkflowStatus.Finished);
        Assert.Equal(HttpStatusCode.OK, await PostCallbackAsync(host, delivery.Body, delivery));

        var executed = await host.ExecutedActivitiesAsync(instance.Id);
        Assert.Contains("logAnswer", executed);
        Assert.DoesNotContain("logFailed", executed);
        Assert.Equal(emulator.Host.State.GptWorkbench.GetJob(jobId)!.Response, await AnswerOfAsync(host, instance.Id));
        Assert.Single(await host.InstancesAsync(DefinitionId));
        Assert.Empty(await host.BookmarksAsync(instance.Id));
    }

    [Fact]
    public async Task Two_runs_in_flight_on_one_trigger_both_end_with_their_own_results()
    {
        await using var host = await StartHostAsync(SampleHostRunner.NewDatabasePath());
        await PointWebhookAtAsync(host.Http.BaseAddress!);

        // Back to back: the status endpoint shows only the newer job, so the older one can end only through its callback.
        var first = await PromptAsync(host, "P-A", "First question in flight");
        var second = await PromptAsync(host, "P-B", "Second question in flight");
        var firstInstance = await InstanceForAsync(host, first);
        var secondInstance = await InstanceForAsync(host, second);
        await WaitUntilAsync(host, firstInstance.Id, WorkflowStatus.Finished);
        await WaitUntilAsync(host, secondInstance.Id, WorkflowStatus.Finished);

        Assert.Equal(emulator.Host.State.GptWorkbench.GetJob(first)!.Response, await AnswerOfAsync(host, firstInstance.Id));
        Assert.Equal(emulator.Host.State.GptWorkbench.GetJob(second)!.Response, await AnswerOfAsync(host, secondInstance.Id));
        Assert.NotEqual(await AnswerOfAsync(host, firstInstance.Id), await AnswerOfAsync(host, secondInstance.Id));
        foreach (var job in new[] { first, second })
        {
            // The instance may finish before the emulator has recorded the 200 it got back.
            Assert.Equal(200, (await SettledDeliveryAsync(job)).Attempts[^1].StatusCode);
        }

        Assert.Contains("logAnswer", await host.ExecutedActivitiesAsync(firstInstance.Id));
        Assert.Contains("logAnswer", await host.ExecutedActivitiesAsync(secondInstance.Id));
    }

    [Fact]
    public async Task A_callback_after_a_host_restart_resumes_the_workflow_the_first_host_started()
    {
        var database = SampleHostRunner.NewDatabasePath();
        var port = FreePort();
        await PointWebhookAtAsync(new Uri($"http://127.0.0.1:{port}/"));
        string jobId, instanceId;
        WebhookDelivery delivery;

        // The first host starts the run and stops; the platform's delivery finds nobody listening.
        await using (var first = await StartHostAsync(database))
        {
            jobId = await PromptAsync(first, "P-R", "Survive a restart");
            delivery = await SettledDeliveryAsync(jobId);
            var waiting = await InstanceForAsync(first, jobId);
            Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);
            instanceId = waiting.Id;
        }

        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);

        // A new host on the same database, where the webhook points; the platform sends the same delivery again.
        await using var second = await StartHostAsync(database, port);
        using (var again = await emulator.Admin.PostAsync($"_emulator/gpt-workbench/deliveries/{delivery.DeliveryId}/redeliver", null))
        {
            again.EnsureSuccessStatusCode();
        }

        Assert.Equal(200, emulator.Host.State.GptWorkbench.Deliveries.Single(d => d.DeliveryId == delivery.DeliveryId).Attempts[^1].StatusCode);
        await WaitUntilAsync(second, instanceId, WorkflowStatus.Finished);
        Assert.Equal(emulator.Host.State.GptWorkbench.GetJob(jobId)!.Response, await AnswerOfAsync(second, instanceId));
        Assert.Single(await second.InstancesAsync(DefinitionId));
    }

    [Fact]
    public async Task A_retried_delivery_after_a_host_restart_is_answered_as_handled_and_resumes_nothing()
    {
        var database = SampleHostRunner.NewDatabasePath();
        await PointWebhookAtAsync(new Uri($"http://127.0.0.1:{FreePort()}/"));
        WebhookDelivery delivery;
        string instanceId;

        // The first host takes the delivery, resumes the workflow and stops before the platform learns it succeeded.
        await using (var first = await StartHostAsync(database))
        {
            var jobId = await PromptAsync(first, "P-D", "Answer once");
            delivery = await SettledDeliveryAsync(jobId);
            instanceId = (await InstanceForAsync(first, jobId)).Id;
            Assert.Equal(HttpStatusCode.OK, await PostCallbackAsync(first, delivery.Body, delivery));
            await WaitUntilAsync(first, instanceId, WorkflowStatus.Finished);
        }

        // The platform retries the same delivery at the restarted host: handled before (remembered in Elsa's store), so
        // 200, not 404 for a run nobody waits for, which would keep the platform retrying; nothing runs again.
        await using var second = await StartHostAsync(database);
        Assert.Equal(HttpStatusCode.OK, await PostCallbackAsync(second, delivery.Body, delivery));
        Assert.Single(await second.InstancesAsync(DefinitionId));
        Assert.Equal(1, (await second.ExecutedActivitiesAsync(instanceId)).Count(activity => activity == "logAnswer"));
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> probe, Func<T, bool> done) => await EventuallyAsync(() => Task.FromResult(probe()), done);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(40);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTimeOffset.UtcNow > until)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
