using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Core.Platforms.GptWorkbench;

/// <summary>
/// Reads <c>GET {base}/webhooks/trigger/{apiToken}/status</c>, which reports the trigger's most recent execution only
/// (statuses <c>queued</c>, <c>processing</c>, <c>completed</c>, <c>failed</c>, <c>rate_limited</c>).
/// </summary>
/// <remarks>
/// When the most recent execution is not the run asked about, a later call has superseded it and this endpoint will
/// never show it again. That is reported as <see cref="RunState.Unknown"/> with <see cref="SupersededStatus"/> and an
/// explanatory <see cref="RunSnapshot.Error"/> rather than as a failure: the run may well have succeeded, and only the
/// trigger's execution logs can tell. The snapshot is marked <see cref="RunSnapshot.NoLongerObservable"/>, so waiters
/// stop at once instead of polling to their deadline.
/// </remarks>
internal sealed class GptWorkbenchStatusReader : IAgentRunStatusReader
{
    /// <summary>The raw status reported when a newer execution hides the requested one.</summary>
    public const string SupersededStatus = "superseded";

    /// <summary>The raw status reported when the trigger has no execution at all yet.</summary>
    public const string NoExecutionStatus = "none";

    private readonly PlatformReader reader;
    private readonly TimeProvider timeProvider;

    public GptWorkbenchStatusReader(PlatformReader reader, TimeProvider timeProvider)
    {
        this.reader = reader;
        this.timeProvider = timeProvider;
    }

    public AgentPlatform Platform => AgentPlatform.GptWorkbench;

    public async Task<RunSnapshot> ReadAsync(AgentConnection connection, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        Uri url;
        string token;
        try
        {
            token = GptWorkbenchClient.RequireApiToken(connection.Token);
            url = PreparedRequest.Combine(ConnectionRules.ValidateBaseUrl(connection.ResolveBaseUrl()), $"webhooks/trigger/{token}/status");
        }
        catch (Exception exception) when (exception is AgentInputException or InvalidOperationException)
        {
            throw RunStatusErrors.Invalid(Platform, exception.Message);
        }

        PlatformReadResult result;
        try
        {
            result = await reader.GetAsync(url, bearerToken: null, [token], cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw RunStatusErrors.NoAnswer(Platform, exception);
        }

        if (!result.IsSuccess)
        {
            throw RunStatusErrors.From(Platform, result, RunStatusErrors.IsNotFound(result)
                ? "The trigger URL is invalid, the trigger is disabled, or its token was regenerated."
                : null, [token]);
        }

        using var document = JsonFields.ParseObject(result.Body)
            ?? throw RunStatusErrors.Invalid(Platform, "the status answer is not a JSON object.");
        return Read(document.RootElement, runId);
    }

    private RunSnapshot Read(JsonElement root, string runId)
    {
        // Accept the execution either at the top level or wrapped (e.g. {"execution": {...}}).
        foreach (var wrapper in (ReadOnlySpan<string>)["execution", "lastExecution", "latestExecution", "data"])
        {
            if (root.TryGetProperty(wrapper, out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                root = inner;
                break;
            }
        }

        var now = timeProvider.GetUtcNow();
        var jobId = JsonFields.Text(root, "jobId", "job_id");
        var status = JsonFields.Text(root, "status");
        if (jobId is null && !string.Equals(status, "rate_limited", StringComparison.OrdinalIgnoreCase))
        {
            // No execution at all yet (e.g. {"jobId": null, "status": "idle"}): this run is not visible (yet).
            return new RunSnapshot
            {
                RunId = runId, State = RunState.Unknown, RawStatus = status ?? NoExecutionStatus, ObservedAt = now,
                Error = "The trigger reports no execution yet.",
            };
        }

        // Every accepted call has a job ID; an execution without one (a rate-limited call never becomes a job) is
        // someone else's later call, not this run.
        if (!string.Equals(jobId, runId, StringComparison.Ordinal))
        {
            var newer = jobId is null ? $"a later call that never became a job ({status})" : $"job {jobId}";
            return new RunSnapshot
            {
                RunId = runId, State = RunState.Unknown, RawStatus = SupersededStatus, ObservedAt = now, NoLongerObservable = true,
                Error = $"The status endpoint reports only the most recent execution, which is now {newer}; " +
                        "this run's outcome is visible only in the trigger's execution logs.",
            };
        }

        var state = StateOf(status);
        var output = JsonFields.TextOrJson(root, "response", "output", "result");
        var (answer, resultJson) = state == RunState.Succeeded ? RunResults.FromGptWorkbench(root, output) : (null, null);
        return new RunSnapshot
        {
            RunId = runId,
            State = state,
            RawStatus = status ?? "unknown",
            Output = output,
            Answer = answer,
            ResultJson = resultJson,
            Error = JsonFields.TextOrJson(root, "errorMessage", "error_message", "error")
                    ?? (status == "rate_limited" ? "The execution was rejected by the trigger's hourly rate limit." : null),
            Message = JsonFields.Text(root, "message"),
            ObservedAt = now,
        };
    }

    /// <summary>The execution-log statuses; <c>rate_limited</c> means the execution was refused, so it is final and failed.</summary>
    public static RunState StateOf(string? status) => status?.ToLowerInvariant() switch
    {
        "queued" => RunState.Queued,
        "processing" => RunState.Running,
        "completed" => RunState.Succeeded,
        "failed" or "rate_limited" => RunState.Failed,
        _ => RunState.Unknown,
    };
}
