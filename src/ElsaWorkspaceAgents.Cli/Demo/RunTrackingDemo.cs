using System.Text.Json;
using ElsaWorkspaceAgents.Cli.Commands;
using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Cli.Demo;

/// <summary>
/// The flow for platforms that report results (GPT Workbench, DocsGPT, Writer): trigger, print the run ID, follow
/// the run with live status changes, and verify the documented result: a finished run whose output names the request.
/// </summary>
public static class RunTrackingDemo
{
    public static Task<DemoResult> GptWorkbenchAsync(DemoEnvironment demo, CancellationToken cancellationToken) =>
        RunAsync(demo, "GPT Workbench", new AgentConnection
        {
            Platform = AgentPlatform.GptWorkbench, BaseUrl = demo.EmulatorAddress, Token = DemoFixture.GptWorkbenchToken,
        }, "-GW", structured: false, cancellationToken);

    public static Task<DemoResult> DocsGptAsync(DemoEnvironment demo, CancellationToken cancellationToken) =>
        RunAsync(demo, "DocsGPT", new AgentConnection
        {
            Platform = AgentPlatform.DocsGpt, BaseUrl = demo.EmulatorAddress, Token = DemoFixture.DocsGptToken,
        }, "-DG", structured: false, cancellationToken);

    public static Task<DemoResult> WriterAsync(DemoEnvironment demo, CancellationToken cancellationToken) =>
        RunAsync(demo, "Writer", new AgentConnection
        {
            Platform = AgentPlatform.Writer, BaseUrl = demo.EmulatorAddress, Token = DemoFixture.WriterApiKey,
            AgentId = DemoFixture.WriterAgentId, BlueprintId = DemoFixture.WriterTextBlueprint, UseJobs = true,
        }, "-WR", structured: true, cancellationToken);

    private static async Task<DemoResult> RunAsync(DemoEnvironment demo, string title, AgentConnection connection, string tag, bool structured,
        CancellationToken cancellationToken)
    {
        var reporter = demo.Reporter;
        var requestId = demo.NewRequestId(tag);
        var sourceEvent = new SourceEvent
        {
            SourceSystem = "elsa-agents-demo",
            EventType = "demo.requested",
            EventId = requestId,
            RequestId = requestId,
            Summary = "Summarise this demo event in one sentence and include the request ID.",
            Payload = JsonSerializer.SerializeToElement(new { request_id = requestId, question = $"Demo request {requestId}: what did you receive?" }),
        };
        var request = new AgentTriggerRequest
        {
            Input = AgentInputBuilder.Build(sourceEvent, PlatformInputLimits.For(connection.Platform)).Text,
            IdempotencyKey = IdempotencyKey.For(sourceEvent, PlatformNames.NameOf(connection.Platform)),
            SourceRequestId = requestId,
            StructuredInput = structured ? sourceEvent.Payload : null,
            Source = sourceEvent.SourceSystem,
        };

        reporter.Line($"== {title} (emulated) ==");
        await using var services = CliServices.Build(connection, demo.Verbose);
        var outcome = await services.GetRequiredService<IAgentTriggerService>().TriggerAsync(request, CliServices.ConnectionName, cancellationToken);
        reporter.Line($"HTTP status: {outcome.HttpStatus?.ToString() ?? "(no response)"}");
        reporter.Line($"Request ID: {requestId}");
        reporter.Line($"Idempotency key: {request.IdempotencyKey}");
        reporter.Line($"Run ID: {outcome.RunId}");
        var result = new DemoResult
        {
            Platform = PlatformNames.NameOf(connection.Platform),
            Verified = false,
            ExitCode = ExitCodes.For(outcome.Kind),
            HttpStatus = outcome.HttpStatus,
            RequestId = requestId,
            IdempotencyKey = request.IdempotencyKey,
            RunId = outcome.RunId,
        };
        if (!outcome.IsAccepted || outcome.RunId is null)
        {
            return result with { Problem = $"{outcome.Kind}: {outcome.Detail} {outcome.Guidance}" };
        }

        var tracker = services.GetRequiredService<IAgentRunTracker>();
        RunSnapshot? last = null;
        await foreach (var snapshot in tracker.WatchAsync(CliServices.ConnectionName, outcome.RunId,
                           new RunWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(100), MaxPollInterval = TimeSpan.FromSeconds(1), Timeout = demo.Timeout },
                           cancellationToken))
        {
            reporter.Line($"  status: {snapshot.RawStatus}");
            last = snapshot;
        }

        // Each platform's documented result: a finished run with the agent's output (Writer's is the blueprint's Return Value).
        var verified = last is { State: RunState.Succeeded } && !string.IsNullOrWhiteSpace(last.Output);
        reporter.Line($"Result: {OneLine(last?.Output ?? last?.Error)}");
        return result with
        {
            Verified = verified,
            ExitCode = verified ? ExitCodes.Success : last?.State == RunState.Failed ? ExitCodes.RunFailed : ExitCodes.NotVerified,
            Result = last?.Output,
            Problem = verified ? null : $"The run ended as {last?.RawStatus} without an output.",
        };
    }

    private static string? OneLine(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var flat = text.ReplaceLineEndings(" | ");
        return flat.Length > 200 ? flat[..200] + "…" : flat;
    }
}
