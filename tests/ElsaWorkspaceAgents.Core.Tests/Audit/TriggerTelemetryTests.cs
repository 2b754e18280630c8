using System.Diagnostics;
using System.Diagnostics.Metrics;
using ElsaWorkspaceAgents.Core.Audit;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static ElsaWorkspaceAgents.Core.Tests.Platforms.PlatformTestKit;

namespace ElsaWorkspaceAgents.Core.Tests.Audit;

/// <summary>Trigger calls are not parallelised with this class: its metric listener counts every trigger in the process.</summary>
[CollectionDefinition(nameof(TriggerTelemetryCollection), DisableParallelization = true)]
public sealed class TriggerTelemetryCollection;

/// <summary>
/// Real ActivitySource and Meter listeners, as an OpenTelemetry exporter subscribes: one activity per trigger call on
/// every platform with the outcome, status and IDs, the outcome counted by platform and outcome, and no token in any tag.
/// </summary>
[Collection(nameof(TriggerTelemetryCollection))]
public sealed class TriggerTelemetryTests : EmulatorTest, IDisposable
{
    private readonly List<Activity> activities = [];
    private readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> measurements = [];
    private readonly ActivityListener activityListener;
    private readonly MeterListener meterListener = new();

    public TriggerTelemetryTests()
    {
        activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TriggerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(activityListener);
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TriggerTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meterListener.Start();
    }

    public void Dispose()
    {
        activityListener.Dispose();
        meterListener.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        lock (measurements)
        {
            measurements.Add((instrument.Name, value, copy));
        }
    }

    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Retry.MaxAttempts = 2;
        options.Connections["workspace"] = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents, BaseUrl = Emulator.BaseAddress, TriggerId = DemoFixture.DemoChannel, Token = DemoFixture.WorkspaceAgentsToken,
        };
        options.Connections["workbench"] = new AgentConnection { Platform = AgentPlatform.GptWorkbench, BaseUrl = Emulator.BaseAddress, Token = DemoFixture.GptWorkbenchToken };
        options.Connections["docs"] = new AgentConnection { Platform = AgentPlatform.DocsGpt, BaseUrl = Emulator.BaseAddress, Token = DemoFixture.DocsGptToken };
        options.Connections["writer"] = new AgentConnection
        {
            Platform = AgentPlatform.Writer, BaseUrl = Emulator.BaseAddress, AgentId = DemoFixture.WriterAgentId, BlueprintId = DemoFixture.WriterTextBlueprint,
            Token = DemoFixture.WriterApiKey, UseJobs = true,
        };
        options.Connections["wrong-token"] = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents, BaseUrl = Emulator.BaseAddress, TriggerId = DemoFixture.DemoChannel, Token = "wat_telemetry_wrong_token",
        };
    }

    private static readonly string[] Secrets =
        [DemoFixture.WorkspaceAgentsToken, DemoFixture.GptWorkbenchToken, DemoFixture.DocsGptToken, DemoFixture.WriterApiKey, "wat_telemetry_wrong_token"];

    [Theory]
    [InlineData("workspace", AgentPlatform.WorkspaceAgents)]
    [InlineData("workbench", AgentPlatform.GptWorkbench)]
    [InlineData("docs", AgentPlatform.DocsGpt)]
    [InlineData("writer", AgentPlatform.Writer)]
    public async Task An_accepted_call_is_one_activity_with_its_ids_and_one_counted_outcome_on_every_platform(string connection, AgentPlatform platform)
    {
        var requestId = $"DEMO-OTEL-{platform}";
        var outcome = await Services.GetRequiredService<IAgentTriggerService>().TriggerAsync(Request($"Telemetry check. Request ID: {requestId}") with
        {
            SourceRequestId = requestId,
        }, connection);

        Assert.True(outcome.IsAccepted, outcome.Detail);
        var activity = Assert.Single(activities, a => (string?)a.GetTagItem("agent.request_id") == requestId);
        Assert.Equal(TriggerTelemetry.TriggerActivityName, activity.OperationName);
        Assert.Equal(ActivityStatusCode.Ok, activity.Status);
        Assert.Equal(platform.ToString(), activity.GetTagItem("agent.platform"));
        Assert.Equal(nameof(TriggerOutcomeKind.Accepted), activity.GetTagItem("agent.outcome"));
        Assert.Equal(outcome.HttpStatus, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(outcome.IdempotencyKey, activity.GetTagItem("agent.idempotency_key"));
        Assert.Equal(outcome.RunId, activity.GetTagItem("agent.run_id"));
        var counted = Assert.Single(measurements, m => m.Instrument == "agent.trigger.outcomes");
        Assert.Equal((1.0, platform.ToString(), "Accepted"), (counted.Value, counted.Tags["agent.platform"], counted.Tags["agent.outcome"]));
        Assert.Single(measurements, m => m.Instrument == "agent.trigger.duration" && m.Value > 0);
        AssertNoSecret();
    }

    [Fact]
    public async Task A_refusal_and_a_call_refused_before_sending_are_errors_with_their_outcome()
    {
        var triggers = Services.GetRequiredService<IAgentTriggerService>();
        var unauthorized = await triggers.TriggerAsync(Request("Telemetry check. Request ID: DEMO-OTEL-401") with { SourceRequestId = "DEMO-OTEL-401" }, "wrong-token");
        var invalid = await triggers.TriggerAsync(Request("") with { SourceRequestId = "DEMO-OTEL-EMPTY" }, "workspace");

        Assert.Equal(TriggerOutcomeKind.Unauthorized, unauthorized.Kind);
        Assert.Equal(TriggerOutcomeKind.InvalidInput, invalid.Kind);
        foreach (var (requestId, kind) in new[] { ("DEMO-OTEL-401", unauthorized.Kind), ("DEMO-OTEL-EMPTY", invalid.Kind) })
        {
            var activity = Assert.Single(activities, a => (string?)a.GetTagItem("agent.request_id") == requestId);
            Assert.Equal(ActivityStatusCode.Error, activity.Status);
            Assert.Equal(kind.ToString(), activity.StatusDescription);
            Assert.Equal(kind.ToString(), activity.GetTagItem("agent.outcome"));
        }

        Assert.Equal(2, measurements.Count(m => m.Instrument == "agent.trigger.outcomes"));
        AssertNoSecret();
    }

    private void AssertNoSecret()
    {
        var texts = activities.SelectMany(a => a.TagObjects.Select(t => t.Value?.ToString()).Append(a.DisplayName).Append(a.StatusDescription))
            .Concat(measurements.SelectMany(m => m.Tags.Values))
            .Where(text => text is not null)
            .ToList();
        Assert.NotEmpty(texts);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(texts, text => text!.Contains(secret, StringComparison.Ordinal));
        }
    }
}
