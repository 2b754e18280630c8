using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Runs;

namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>
/// Reads <c>GET {base}/v1/agents/jobs/{job_id}</c> (Bearer API key): <c>queued</c>, <c>in_progress</c>, then
/// <c>completed</c> with the Return Value in <c>artifact</c> (always a string; see <see cref="WriterArtifact"/>) or
/// <c>error</c> with <c>error</c>. Status words Writer may add later map to <see cref="RunState.Unknown"/>.
/// </summary>
internal sealed class WriterJobStatusReader : IAgentRunStatusReader
{
    private readonly PlatformReader reader;
    private readonly TimeProvider timeProvider;

    public WriterJobStatusReader(PlatformReader reader, TimeProvider timeProvider)
    {
        this.reader = reader;
        this.timeProvider = timeProvider;
    }

    public AgentPlatform Platform => AgentPlatform.Writer;

    public async Task<RunSnapshot> ReadAsync(AgentConnection connection, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        Uri url;
        string apiKey;
        try
        {
            apiKey = ConnectionRules.RequireToken(connection.Token, "Writer API key");
            var jobId = ConnectionRules.RequirePathSegment(runId, "Writer job ID");
            url = PreparedRequest.Combine(ConnectionRules.ValidateBaseUrl(connection.ResolveBaseUrl()), $"v1/agents/jobs/{jobId}");
        }
        catch (Exception exception) when (exception is AgentInputException or InvalidOperationException)
        {
            throw RunStatusErrors.Invalid(Platform, exception.Message);
        }

        PlatformReadResult result;
        try
        {
            result = await reader.GetAsync(url, apiKey, [apiKey], cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw RunStatusErrors.NoAnswer(Platform, exception);
        }

        if (!result.IsSuccess)
        {
            throw RunStatusErrors.From(Platform, result, (int)result.Status switch
            {
                401 or 403 => "Check the Writer API key and its access to this agent.",
                404 => $"Job {runId} is unknown to Writer (or belongs to an agent this key cannot see).",
                _ => null,
            }, [apiKey]);
        }

        using var document = JsonFields.ParseObject(result.Body)
            ?? throw RunStatusErrors.Invalid(Platform, "the job answer is not a JSON object.");
        var root = document.RootElement;
        var status = JsonFields.Text(root, "status") ?? "unknown";
        var state = StateOf(status);
        var artifact = JsonFields.TextOrJson(root, "artifact");
        var (answer, resultJson) = state == RunState.Succeeded ? RunResults.FromWriter(artifact) : (null, null);
        return new RunSnapshot
        {
            RunId = runId,
            State = state,
            RawStatus = status,
            Output = artifact,
            Answer = answer,
            ResultJson = resultJson,
            Error = ErrorOf(root) ?? (state == RunState.Failed ? "The job failed without an error message." : null),
            ObservedAt = timeProvider.GetUtcNow(),
        };
    }

    /// <summary>Writer's job statuses, tolerant of spelling (<c>in progress</c>, <c>in-progress</c>) and case.</summary>
    public static RunState StateOf(string status) => status.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_') switch
    {
        "queued" or "pending" => RunState.Queued,
        "in_progress" or "running" or "processing" or "started" => RunState.Running,
        "completed" or "succeeded" or "success" => RunState.Succeeded,
        "error" or "failed" or "failure" or "cancelled" or "canceled" => RunState.Failed,
        _ => RunState.Unknown,
    };

    private static string? ErrorOf(JsonElement root)
    {
        if (!root.TryGetProperty("error", out var error))
        {
            return null;
        }

        return error.ValueKind switch
        {
            JsonValueKind.String => error.GetString(),
            JsonValueKind.Object => JsonFields.Text(error, "message", "detail") ?? error.GetRawText(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => error.GetRawText(),
        };
    }
}
