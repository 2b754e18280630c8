using System.Net;
using System.Text.Json;
using Elsa.Workflows;
using Elsa.Workflows.Runtime;
using Elsa.Workflows.Runtime.Filters;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using ElsaWorkspaceAgents.ElsaTests.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Designer;

/// <summary>
/// What a designer sees of retries: the trigger's Attempts output in the instance's activity record, and the retried
/// attempts in Elsa.Resilience's store, read over the Workflows API the way Studio's retries view reads them.
/// </summary>
[Collection(SampleHostCollection.Name)]
public sealed class RetryHistoryTests(ITestOutputHelper output) : RunningSampleHostTest(output)
{
    [Fact]
    public async Task A_retried_trigger_shows_its_attempts_as_an_output_and_in_Studios_retries_view()
    {
        await Emulator.SetChaosAsync(new { mode = "server_error", statusCode = 503, count = 1 });
        var requestId = $"DEMO-RETRY-{Guid.NewGuid().ToString("N")[..8]}";

        var (response, _) = await Host.PostJsonAsync("api/workflows/tickets", new { eventId = "evt-" + requestId, ticketId = "T-9", requestId, summary = "Retry me" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var instance = await Host.WaitForInstanceAsync("http-ticket-to-workspace-agent", WorkflowStatus.Finished);
        Assert.NotNull(instance);
        var trigger = await TriggerRecordAsync(instance!.Id);

        var attempts = JsonSerializer.SerializeToElement(trigger.Outputs!["Attempts"]);
        Assert.Equal(2, attempts.GetArrayLength());
        Assert.Equal(503, attempts[0].GetProperty("httpStatus").GetInt32());
        Assert.True(attempts[0].GetProperty("retried").GetBoolean());
        Assert.Equal(202, attempts[1].GetProperty("httpStatus").GetInt32());
        Assert.NotNull(trigger.Metadata);
        Assert.True(trigger.Metadata!.TryGetValue("HasRetryAttempts", out var flag) && (flag is true || flag is JsonElement { ValueKind: JsonValueKind.True }),
            "the designer's retry badge reads HasRetryAttempts");

        using var api = await ElsaApiClient.LogInAsync(Host.Host.BaseAddress);
        var retries = (await api.GetJsonAsync($"resilience/retries/{trigger.Id}")).GetProperty("items").EnumerateArray().ToArray();
        var retry = Assert.Single(retries);
        Assert.Equal(1, retry.GetProperty("attemptNumber").GetInt32());
        var details = retry.GetProperty("details");
        Assert.Equal("503", details.GetProperty("Status").GetString());
        Assert.Equal("backoff", details.GetProperty("Delay from").GetString());
        Assert.Contains("retried", details.GetProperty("Reason").GetString());
    }

    [Fact]
    public async Task A_trigger_answered_at_once_has_one_attempt_and_no_retries()
    {
        var requestId = $"DEMO-ONCE-{Guid.NewGuid().ToString("N")[..8]}";
        var (response, _) = await Host.PostJsonAsync("api/workflows/tickets", new { eventId = "evt-" + requestId, ticketId = "T-10", requestId });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var instance = await Host.WaitForInstanceAsync("http-ticket-to-workspace-agent", WorkflowStatus.Finished);
        var trigger = await TriggerRecordAsync(instance!.Id);
        Assert.Equal(1, JsonSerializer.SerializeToElement(trigger.Outputs!["Attempts"]).GetArrayLength());

        using var api = await ElsaApiClient.LogInAsync(Host.Host.BaseAddress);
        Assert.Equal(0, (await api.GetJsonAsync($"resilience/retries/{trigger.Id}")).GetProperty("items").GetArrayLength());
    }

    private async Task<Elsa.Workflows.Runtime.Entities.ActivityExecutionRecord> TriggerRecordAsync(string workflowInstanceId)
    {
        using var scope = Host.Services.CreateScope();
        var records = await scope.ServiceProvider.GetRequiredService<IActivityExecutionStore>()
            .FindManyAsync(new ActivityExecutionRecordFilter { WorkflowInstanceId = workflowInstanceId });
        return records.Single(r => r.ActivityId == "triggerWorkspaceAgent");
    }
}
