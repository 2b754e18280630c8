using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Runs;

namespace ElsaWorkspaceAgents.Core.Platforms.DocsGpt;

/// <summary>
/// Reads <c>GET {base}/api/task_status?task_id=…</c>: Celery states <c>PENDING</c>, <c>STARTED</c>, <c>PROGRESS</c>,
/// <c>RETRY</c>, then <c>SUCCESS</c> or <c>FAILURE</c>, with <c>result</c> (any JSON) as the output or the error.
/// </summary>
/// <remarks>
/// The endpoint takes no credential, so nothing secret is sent. Celery reports <c>PENDING</c> for task IDs it has
/// never seen, so a mistyped ID looks queued until the caller's deadline; the run ID from the trigger outcome is safe.
/// </remarks>
internal sealed class DocsGptStatusReader : IAgentRunStatusReader
{
    private readonly PlatformReader reader;
    private readonly TimeProvider timeProvider;

    public DocsGptStatusReader(PlatformReader reader, TimeProvider timeProvider)
    {
        this.reader = reader;
        this.timeProvider = timeProvider;
    }

    public AgentPlatform Platform => AgentPlatform.DocsGpt;

    public async Task<RunSnapshot> ReadAsync(AgentConnection connection, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        Uri url;
        try
        {
            var baseUrl = ConnectionRules.ValidateBaseUrl(connection.ResolveBaseUrl());
            url = new Uri(PreparedRequest.Combine(baseUrl, "api/task_status").AbsoluteUri + "?task_id=" + Uri.EscapeDataString(runId));
        }
        catch (Exception exception) when (exception is AgentInputException or InvalidOperationException)
        {
            throw RunStatusErrors.Invalid(Platform, exception.Message);
        }

        // The token is not sent, but an error page could still quote it if the caller passed it by mistake.
        IReadOnlyList<string?> secrets = [connection.Token];
        PlatformReadResult result;
        try
        {
            result = await reader.GetAsync(url, bearerToken: null, secrets, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw RunStatusErrors.NoAnswer(Platform, exception);
        }

        if (!result.IsSuccess)
        {
            throw RunStatusErrors.From(Platform, result, RunStatusErrors.IsNotFound(result) ? $"Task {runId} is unknown to DocsGPT." : null, secrets);
        }

        using var document = JsonFields.ParseObject(result.Body)
            ?? throw RunStatusErrors.Invalid(Platform, "the task status answer is not a JSON object.");
        var root = document.RootElement;
        var status = JsonFields.Text(root, "status", "state") ?? "UNKNOWN";
        var state = StateOf(status);
        var resultText = JsonFields.TextOrJson(root, "result");
        var (answer, resultJson) = state == RunState.Succeeded && root.TryGetProperty("result", out var taskResult)
            ? RunResults.FromDocsGpt(taskResult)
            : (null, null);
        return new RunSnapshot
        {
            RunId = runId,
            State = state,
            RawStatus = status,
            Output = state == RunState.Succeeded ? resultText : null,
            Answer = answer,
            ResultJson = resultJson,
            Hint = state == RunState.Queued ? UnknownTaskHint(runId) : null,
            Error = state == RunState.Failed ? resultText ?? "The task failed without a message." : null,

            // While running, Celery's result holds progress metadata (e.g. PROGRESS meta), not the answer.
            Message = state is RunState.Succeeded or RunState.Failed ? null : resultText,
            ObservedAt = timeProvider.GetUtcNow(),
        };
    }

    /// <summary>Celery answers PENDING for task IDs it has never seen, so a wait that never leaves PENDING may be waiting for a wrong ID.</summary>
    public static string UnknownTaskHint(string runId) =>
        $"DocsGPT reports PENDING both for a queued task and for a task ID it has never seen: check that {runId} is the task_id the trigger returned, and that DocsGPT's workers are running.";

    /// <summary>Celery's task states (REVOKED is how a cancelled task ends).</summary>
    public static RunState StateOf(string status) => status.ToUpperInvariant() switch
    {
        "PENDING" or "RECEIVED" => RunState.Queued,
        "STARTED" or "PROGRESS" or "RETRY" => RunState.Running,
        "SUCCESS" => RunState.Succeeded,
        "FAILURE" or "REVOKED" => RunState.Failed,
        _ => RunState.Unknown,
    };
}
