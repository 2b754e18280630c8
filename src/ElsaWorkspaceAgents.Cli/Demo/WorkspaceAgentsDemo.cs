using System.Net.Http.Json;
using System.Text.Json;
using ElsaWorkspaceAgents.Cli.Commands;
using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Cli.Demo;

/// <summary>
/// The seed notebook's flow: one source event with a fresh DEMO-… request ID, trigger, see 202, then verify the
/// agent's write in its destination, because the API itself never returns the agent's output.
/// </summary>
public static class WorkspaceAgentsDemo
{
    public const string ExpectedPrefix = "Workspace Agent API demo received:";
    private const string Destination = DemoFixture.DemoDestination;

    public static async Task<DemoResult> RunAsync(DemoEnvironment demo, CancellationToken cancellationToken)
    {
        var reporter = demo.Reporter;
        var requestId = demo.NewRequestId(string.Empty);
        var connection = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents,
            BaseUrl = demo.EmulatorAddress,
            TriggerId = DemoFixture.DemoChannel,
            Token = DemoFixture.WorkspaceAgentsToken,
            OutputDestination = Destination,
        };

        var sourceEvent = new SourceEvent
        {
            SourceSystem = "elsa-agents-demo",
            EventType = "demo.requested",
            EventId = requestId,
            RequestId = requestId,
            Destination = Destination,
            Summary = $"Write one update to {Destination} that starts with \"{ExpectedPrefix}\" followed by the request ID.",
        };

        var input = AgentInputBuilder.Build(sourceEvent);
        var request = new AgentTriggerRequest
        {
            Input = input.Text,
            IdempotencyKey = IdempotencyKey.For(sourceEvent, connection.TriggerId),
            ConversationKey = ConversationKey.Derive(sourceEvent.SourceSystem, "demo", requestId),
            SourceRequestId = requestId,
        };

        reporter.Line("== ChatGPT Workspace Agents (emulated) ==");
        await using var services = CliServices.Build(connection, demo.Verbose);
        var outcome = await services.GetRequiredService<IAgentTriggerService>().TriggerAsync(request, CliServices.ConnectionName, cancellationToken);
        reporter.Line($"HTTP status: {outcome.HttpStatus?.ToString() ?? "(no response)"}");
        reporter.Line($"Request ID: {requestId}");
        reporter.Line($"Idempotency key: {request.IdempotencyKey}");
        var result = new DemoResult
        {
            Platform = PlatformNames.NameOf(AgentPlatform.WorkspaceAgents),
            Verified = false,
            ExitCode = ExitCodes.For(outcome.Kind),
            HttpStatus = outcome.HttpStatus,
            RequestId = requestId,
            IdempotencyKey = request.IdempotencyKey,
        };

        if (!outcome.IsAccepted)
        {
            return result with { Problem = $"{outcome.Kind}: {outcome.Detail} {outcome.Guidance}" };
        }

        string? line;
        using (reporter.Progress($"Waiting for the agent's write in {Destination}…"))
        {
            line = await WaitForWriteAsync(demo.EmulatorAddress, requestId, demo.Timeout, cancellationToken);
        }

        if (line is null)
        {
            return result with
            {
                ExitCode = ExitCodes.NotVerified,
                Problem = $"No write starting with \"{ExpectedPrefix}\" and naming {requestId} appeared in {Destination} within {demo.Timeout.TotalSeconds:0} s. " +
                          "Check Preview, Destination, Permissions, Approval and Access.",
            };
        }

        reporter.Line($"Destination {Destination}: {line}");
        return result with { Verified = true, ExitCode = ExitCodes.Success, Result = line };
    }

    /// <summary>Searches the destination for the request ID, as the seed says to verify.</summary>
    private static async Task<string?> WaitForWriteAsync(Uri emulator, string requestId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = emulator };
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var writes = await http.GetFromJsonAsync<JsonElement>($"_emulator/destinations/{Destination}", cancellationToken);
            foreach (var write in writes.EnumerateArray())
            {
                var text = write.TryGetProperty("text", out var t) ? t.GetString() : null;
                if (text is not null && text.StartsWith(ExpectedPrefix, StringComparison.Ordinal) && text.Contains(requestId, StringComparison.Ordinal))
                {
                    return text;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        return null;
    }
}
