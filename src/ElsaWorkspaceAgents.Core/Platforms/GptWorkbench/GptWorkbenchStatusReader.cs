using System.Globalization;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Runs;

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
        using var document = await ReadLatestExecutionAsync(connection, cancellationToken).ConfigureAwait(false);
        return Read(Unwrap(document.RootElement), runId);
    }

    /// <summary>
    /// The job ID of the trigger's most recent execution when that execution is provably this request (same prompt text and
    /// source, it became a job, and it was queued no earlier than <paramref name="sentAfter"/>, so an earlier call with the
    /// same prompt does not count), else null. The comparison trusts the platform's clock: one running behind only leaves the
    /// doubt in place; one running ahead by more than the gap between two identical prompts could mistake the earlier one. Settles an unconfirmed trigger: the status endpoint reports the most recent
    /// execution with its prompt, so a match proves the lost request arrived. A later call by anyone hides it, and then the
    /// doubt remains (only the execution logs in the UI show older entries).
    /// </summary>
    /// <exception cref="RunTrackingException">The status could not be read.</exception>
    public async Task<(string JobId, string? Status)?> FindLatestExecutionOfAsync(AgentConnection connection, string prompt, string? source,
        DateTimeOffset sentAfter, CancellationToken cancellationToken)
    {
        using var document = await ReadLatestExecutionAsync(connection, cancellationToken).ConfigureAwait(false);
        var root = Unwrap(document.RootElement);
        var jobId = JsonFields.Text(root, "jobId", "job_id");
        var status = JsonFields.Text(root, "status");
        var seenPrompt = JsonFields.Text(root, "prompt");
        var seenSource = JsonFields.Text(root, "source");
        var queuedAt = DateTimeOffset.TryParse(JsonFields.Text(root, "queuedAt", "queued_at"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        var same = jobId is not null
                   // Both sides at whole milliseconds: the platform reports queuedAt to the millisecond.
                   && queuedAt >= new DateTimeOffset(sentAfter.UtcTicks - (sentAfter.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero)
                   && !string.Equals(status, "rate_limited", StringComparison.OrdinalIgnoreCase)
                   && string.Equals(seenPrompt, prompt, StringComparison.Ordinal)
                   && string.Equals(seenSource ?? string.Empty, source ?? string.Empty, StringComparison.Ordinal);
        return same ? (jobId!, status) : null;
    }

    private async Task<JsonDocument> ReadLatestExecutionAsync(AgentConnection connection, CancellationToken cancellationToken)
    {
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

        return JsonFields.ParseObject(result.Body)
            ?? throw RunStatusErrors.Invalid(Platform, "the status answer is not a JSON object.");
    }

    /// <summary>The execution, either at the top level or wrapped (e.g. <c>{"execution": {...}}</c>).</summary>
    private static JsonElement Unwrap(JsonElement root)
    {
        foreach (var wrapper in (ReadOnlySpan<string>)["execution", "lastExecution", "latestExecution", "data"])
        {
            if (root.TryGetProperty(wrapper, out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                return inner;
            }
        }

        return root;
    }

    private RunSnapshot Read(JsonElement root, string runId)
    {
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
