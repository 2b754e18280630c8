using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>
/// Drives a task through Celery-like states. Results mirror DocsGPT's worker: PROGRESS carries <c>{"current": n}</c>,
/// SUCCESS <c>{"status": "success", "result": {"answer": ..., "sources": [], "tool_calls": []}}</c>, FAILURE the error text.
/// </summary>
internal sealed class DocsGptTaskRunner(DocsGptState state, EmulatorTimings timings, ILogger<DocsGptTaskRunner> logger)
{
    /// <summary>Deterministic simulated answer: <c>DocsGPT agent &lt;name&gt; answered: &lt;question or payload JSON&gt;</c>.</summary>
    public static string Answer(string agentName, JsonNode? payload)
    {
        var question = payload is JsonObject obj && obj["question"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : payload?.ToJsonString(ApiJson.Wire) ?? "null";
        return $"DocsGPT agent {agentName} answered: {question}";
    }

    public async Task RunAsync(string taskId, CancellationToken cancellationToken)
    {
        var task = state.GetTask(taskId);
        var agent = task is null ? null : state.FindAgent(task.AgentId);
        if (task is null || agent is null)
        {
            return;
        }

        // With the workers switched off the task stays PENDING, as it does on a DocsGPT whose Celery workers are down.
        while (!state.WorkersAvailable)
        {
            await EmulatorTimings.DelayAsync(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        if (!await StepAsync(taskId, DocsGptTaskStatus.Started, null, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (agent.Behavior == DocsGptBehavior.Retry)
        {
            var reason = JsonValue.Create(agent.FailureMessage ?? "Transient failure; retrying");
            if (!await StepAsync(taskId, DocsGptTaskStatus.Retry, reason, cancellationToken).ConfigureAwait(false)
                || !await StepAsync(taskId, DocsGptTaskStatus.Started, null, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        if (!await StepAsync(taskId, DocsGptTaskStatus.Progress, new JsonObject { ["current"] = 50 }, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await EmulatorTimings.DelayAsync(timings.DocsGptStepDelay, cancellationToken).ConfigureAwait(false);
        if (agent.Behavior == DocsGptBehavior.Fail)
        {
            state.Transition(taskId, DocsGptTaskStatus.Failure, JsonValue.Create(agent.FailureMessage ?? "Agent execution failed"));
            DocsGptLog.Finished(logger, taskId, DocsGptTaskStatus.Failure);
            return;
        }

        var result = new JsonObject
        {
            ["status"] = "success",
            ["result"] = new JsonObject
            {
                ["answer"] = Answer(agent.Name, task.Payload),
                ["sources"] = new JsonArray(),
                ["tool_calls"] = new JsonArray(),
            },
        };
        state.Transition(taskId, DocsGptTaskStatus.Success, result);
        DocsGptLog.Finished(logger, taskId, DocsGptTaskStatus.Success);
    }

    private async Task<bool> StepAsync(string taskId, string status, JsonNode? result, CancellationToken cancellationToken)
    {
        await EmulatorTimings.DelayAsync(timings.DocsGptStepDelay, cancellationToken).ConfigureAwait(false);
        return state.Transition(taskId, status, result);
    }
}
