using System.Buffers;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Runs;
using ElsaWorkspaceAgents.Core.Security;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>
/// Writer Agent Builder API trigger, with the API key as Bearer credential and <c>{"inputs": …}</c> as body.
/// With <see cref="AgentConnection.UseJobs"/> (the default) it calls <c>POST {base}/v1/agents/{agent_id}/blueprints/{blueprint_id}/jobs</c>
/// and returns the <c>job_id</c> to poll; otherwise it calls the synchronous endpoint and reduces its SSE stream to
/// the Return Value, which the outcome carries as <see cref="TriggerOutcome.Output"/>.
/// </summary>
internal sealed class WriterClient : AgentPlatformClientBase
{
    /// <summary>What a sync outcome's <see cref="TriggerOutcome.RunStatus"/> says once <c>[DONE]</c> arrived without an error.</summary>
    public const string CompletedStatus = "completed";

    /// <summary>The sync run reported an error.</summary>
    public const string ErrorStatus = "error";

    /// <summary>The stream stopped before <c>[DONE]</c>: the run may or may not have finished.</summary>
    public const string EndedEarlyStatus = "ended_early";

    private const string FailedRunGuidance =
        "The blueprint started and reported an error: fix the blueprint or its inputs (see the detail) before running it again.";

    private const string EndedEarlyGuidance =
        "The blueprint may have run: Writer has no idempotency key, so check before running it again. " +
        "For long runs use the jobs endpoint (UseJobs = true) and poll the job instead.";

    public WriterClient(ResilientTriggerSender sender, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        IOptionsMonitor<WorkspaceAgentsOptions> options)
        : base(sender, timeProvider, loggerFactory, options)
    {
    }

    public override AgentPlatform Platform => AgentPlatform.Writer;

    // The synchronous endpoint answers with a stream that lasts as long as the run; the sender must not buffer it.
    protected override bool StreamsSuccessBody(AgentConnection connection) => !connection.UseJobs;

    /// <summary>
    /// Runs the blueprint on the synchronous endpoint whatever the connection says, reporting each stream update to
    /// <paramref name="onProgress"/> as it arrives. Returns the same outcome <see cref="AgentPlatformClientBase.TriggerAsync"/> would.
    /// </summary>
    public Task<TriggerOutcome> StreamAsync(string connectionName, AgentConnection connection, AgentTriggerRequest request,
        Func<RunSnapshot, CancellationToken, ValueTask>? onProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sync = connection.Clone();
        sync.UseJobs = false;
        return TriggerCoreAsync(connectionName, sync, request,
            (call, result, ct) => ReadStreamAsync(call, result, onProgress, ct), cancellationToken).AsTask();
    }

    protected override PreparedRequest Prepare(AgentConnection connection, AgentTriggerRequest request)
    {
        var apiKey = ConnectionRules.RequireToken(connection.Token, "Writer API key");
        var agentId = RequireId(connection.AgentId, "agent ID");
        var blueprintId = RequireId(connection.BlueprintId, "blueprint ID");
        var url = PreparedRequest.Combine(BaseUrl(connection),
            $"v1/agents/{agentId}/blueprints/{blueprintId}" + (connection.UseJobs ? "/jobs" : string.Empty));
        return new PreparedRequest
        {
            Method = HttpMethod.Post,
            Url = url,
            DisplayUrl = url.AbsoluteUri,
            BearerToken = apiKey,
            Body = BuildBody(connection, request),
            Accept = connection.UseJobs ? "application/json" : "text/event-stream",
        };
    }

    protected override ValueTask<TriggerOutcome> ReadAcceptedAsync(PlatformCall call, SendResult result, CancellationToken cancellationToken)
    {
        if (call.StreamSuccessBody)
        {
            return ReadStreamAsync(call, result, onProgress: null, cancellationToken);
        }

        using var document = JsonFields.ParseObject(result.Body);
        var jobId = document is null ? null : JsonFields.Text(document.RootElement, "job_id", "jobId", "id");
        var status = document is null ? null : JsonFields.Text(document.RootElement, "status");

        // The job exists once Writer said 2xx; an unreadable answer must not invite a second run.
        var detail = jobId is null ? "Accepted, but the answer carried no job_id to poll; check the agent's runs in Writer before sending again." : null;
        return ValueTask.FromResult(OutcomeFactory.Accepted(call, result, TimeProvider.GetUtcNow(), runId: jobId, runStatus: status ?? "queued", detail: detail));
    }

    private async ValueTask<TriggerOutcome> ReadStreamAsync(PlatformCall call, SendResult result,
        Func<RunSnapshot, CancellationToken, ValueTask>? onProgress, CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        var budget = Options.Retry.TotalTimeout;

        // The sender's timeouts end once the headers arrive; the stream gets the call's total budget on its own.
        using var timeout = new CancellationTokenSource(budget, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        WriterStreamUpdate? last = null;
        string? broken = null;
        try
        {
            var stream = await result.Response!.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await foreach (var update in WriterStreamReducer.ReadAsync(stream, linked.Token).ConfigureAwait(false))
                {
                    last = update;
                    if (onProgress is not null)
                    {
                        await onProgress(ToSnapshot(update, call.IdempotencyKey), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            broken = $"The stream did not finish within the call's total budget ({budget.TotalSeconds:0.#} s).";
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or InvalidDataException)
        {
            broken = $"The stream broke off: {exception.Message}";
        }

        var elapsed = result.Elapsed + TimeProvider.GetElapsedTime(started);
        var now = TimeProvider.GetUtcNow();
        var output = last?.Output is { Length: > 0 } text ? text : null;
        TriggerOutcome outcome;
        if (last is { Kind: WriterStreamUpdateKind.Done, Error: null } && broken is null)
        {
            outcome = OutcomeFactory.Accepted(call, result, now, runStatus: CompletedStatus, output: last.Output);
        }
        else if (last?.Error is { } error)
        {
            outcome = OutcomeFactory.Accepted(call, result, now, runStatus: ErrorStatus, output: output, detail: "The blueprint reported an error: " + error)
                with { Kind = TriggerOutcomeKind.Failed, Guidance = FailedRunGuidance };
        }
        else
        {
            var detail = broken ?? "The stream ended before data: [DONE]; the output may be incomplete.";
            // Writer answered 200 and the stream broke off: the blueprint may have run to the end, and Writer cannot deduplicate.
            outcome = OutcomeFactory.Accepted(call, result, now, runStatus: EndedEarlyStatus, output: output, detail: detail)
                with { Kind = TriggerOutcomeKind.Unconfirmed, Guidance = EndedEarlyGuidance };
            if (onProgress is not null && (last is null || !last.IsFinal))
            {
                // Tell the host the stream is over even though Writer never said so.
                await onProgress(new RunSnapshot
                {
                    RunId = call.IdempotencyKey, State = RunState.Unknown, RawStatus = EndedEarlyStatus, Output = output,
                    Error = SecretRedactor.Redact(detail, call.Secrets), ObservedAt = now,
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        return outcome with { Elapsed = elapsed };
    }

    /// <summary>
    /// A stream update as a neutral snapshot. The synchronous endpoint returns no run ID, so the request's idempotency
    /// key stands in as <see cref="RunSnapshot.RunId"/>.
    /// </summary>
    private RunSnapshot ToSnapshot(WriterStreamUpdate update, string runId) => new()
    {
        RunId = runId,
        State = update.Kind switch
        {
            WriterStreamUpdateKind.Done => update.Error is null ? RunState.Succeeded : RunState.Failed,
            WriterStreamUpdateKind.Error => RunState.Failed,
            WriterStreamUpdateKind.EndedEarly => update.Error is null ? RunState.Unknown : RunState.Failed,
            _ => RunState.Running,
        },
        RawStatus = update.Kind switch
        {
            WriterStreamUpdateKind.Done => update.Error is null ? CompletedStatus : ErrorStatus,
            WriterStreamUpdateKind.Error => ErrorStatus,
            WriterStreamUpdateKind.EndedEarly => update.Error is null ? EndedEarlyStatus : ErrorStatus,
            _ => update.Status ?? "in progress",
        },
        Message = update.Message,
        Output = update.Output.Length > 0 ? update.Output : null,
        Error = update.Error,
        ObservedAt = TimeProvider.GetUtcNow(),
    };

    private static string RequireId(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AgentInputException(
                $"The Writer {what} is missing: copy it from the Agent Builder, or list agents and blueprints with GET /v1/agents?type=builder.", what);
        }

        return ConnectionRules.RequirePathSegment(value, "Writer " + what);
    }

    /// <summary><c>{"inputs": structured input}</c>, or the input text as a JSON string: <c>inputs</c> is never missing.</summary>
    private static string BuildBody(AgentConnection connection, AgentTriggerRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(request.Input.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("inputs");
            if (request.StructuredInput is { } structured)
            {
                if (structured.ValueKind == JsonValueKind.Undefined)
                {
                    throw new AgentInputException("The structured input is an undefined JSON value; pass a parsed JSON value or leave it out.", nameof(request.StructuredInput));
                }

                structured.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(request.Input);
            }

            writer.WriteEndObject();
        }

        var body = Encoding.UTF8.GetString(buffer.WrittenSpan);
        var limit = connection.MaxInputLength ?? PlatformInputLimits.For(AgentPlatform.Writer);
        if (request.StructuredInput is not null && body.Length > limit)
        {
            throw new AgentInputException($"The Writer inputs are {body.Length:N0} characters as JSON; at most {limit:N0} are accepted.", nameof(request.StructuredInput));
        }

        return body;
    }
}
