using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Security;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Platforms.GptWorkbench;

/// <summary>
/// GPT Workbench API trigger: <c>POST {base}/webhooks/trigger/{apiToken}</c> with <c>{"prompt", "source"}</c>.
/// The token in the URL is the only credential, so the whole URL is a secret: it is shown only as
/// <c>…/webhooks/trigger/***</c>. 202 returns <c>{jobId, status, message, estimatedWaitTime}</c>.
/// </summary>
internal sealed class GptWorkbenchClient : AgentPlatformClientBase
{
    private readonly GptWorkbenchStatusReader statusReader;

    public GptWorkbenchClient(ResilientTriggerSender sender, PlatformReader reader, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        IOptionsMonitor<WorkspaceAgentsOptions> options)
        : base(sender, timeProvider, loggerFactory, options)
    {
        statusReader = new GptWorkbenchStatusReader(reader, timeProvider);
    }

    public override AgentPlatform Platform => AgentPlatform.GptWorkbench;

    protected override PreparedRequest Prepare(AgentConnection connection, AgentTriggerRequest request)
    {
        var token = RequireApiToken(connection.Token);
        if (string.IsNullOrWhiteSpace(request.Input))
        {
            throw new AgentInputException("GPT Workbench needs a prompt: the input text is empty.", nameof(request.Input));
        }

        // The documented maximum; a connection's MaxInputLength can lower it (checked in the base) but not raise it.
        if (request.Input.Length > PlatformInputLimits.GptWorkbenchPrompt)
        {
            throw new AgentInputException(
                $"The prompt is {request.Input.Length:N0} characters; GPT Workbench accepts at most {PlatformInputLimits.GptWorkbenchPrompt:N0}.",
                nameof(request.Input));
        }

        var source = string.IsNullOrEmpty(request.Source) ? null : request.Source;
        if (source is not null)
        {
            if (source.Length > PlatformInputLimits.GptWorkbenchSource)
            {
                throw new AgentInputException(
                    $"The source is {source.Length} characters; GPT Workbench accepts at most {PlatformInputLimits.GptWorkbenchSource}.", nameof(request.Source));
            }

            if (!KeyPartValidator.IsWellFormed(source))
            {
                throw new AgentInputException("The source contains invalid Unicode (an unpaired surrogate).", nameof(request.Source));
            }
        }

        var baseUrl = BaseUrl(connection);
        return new PreparedRequest
        {
            Method = HttpMethod.Post,
            Url = TriggerUrl(baseUrl, token),
            DisplayUrl = TriggerUrl(baseUrl, SecretRedactor.Mask).AbsoluteUri,
            BodyUtf8 = BuildBody(request.Input, source),
        };
    }

    protected override ValueTask<TriggerOutcome> ReadAcceptedAsync(PlatformCall call, SendResult result, CancellationToken cancellationToken)
    {
        // 202 is the promise that the prompt is queued; a body we cannot read does not undo that, so the outcome stays
        // Accepted (reporting Failed would invite a retry that queues the prompt twice).
        using var document = JsonFields.ParseObject(result.Body);
        if (document is null)
        {
            return ValueTask.FromResult(OutcomeFactory.Accepted(call, result, TimeProvider.GetUtcNow(), runStatus: "queued",
                detail: "Accepted, but the answer carried no readable job: follow the run in the trigger's execution logs."));
        }

        var root = document.RootElement;
        var jobId = JsonFields.Text(root, "jobId", "job_id");
        var status = JsonFields.Text(root, "status") ?? "queued";
        var message = JsonFields.Text(root, "message");
        var wait = JsonFields.Text(root, "estimatedWaitTime", "estimated_wait_time");
        var detail = (message, wait) switch
        {
            (null, null) => null,
            (_, null) => message,
            (null, _) => $"Estimated wait: {wait}.",
            _ => $"{message!.TrimEnd('.')} (estimated wait: {wait}).",
        };

        if (jobId is null)
        {
            detail = (detail is null ? string.Empty : detail + " ") + "The answer carried no jobId: follow the run in the trigger's execution logs.";
        }

        return ValueTask.FromResult(OutcomeFactory.Accepted(call, result, TimeProvider.GetUtcNow(), runId: jobId, runStatus: status, detail: detail));
    }

    /// <summary>
    /// GPT Workbench has no idempotency key, but its status endpoint reports the trigger's most recent execution with its
    /// prompt and queue time: when that is our prompt, queued since we sent it, the lost request provably arrived and the outcome is Accepted with its job ID.
    /// When a later call hid it, or the read fails, the outcome stays Unconfirmed (the execution logs in the UI still show it).
    /// </summary>
    protected override async ValueTask<TriggerOutcome> SettleUnconfirmedAsync(AgentConnection connection, AgentTriggerRequest request,
        TriggerOutcome unconfirmed, CancellationToken cancellationToken)
    {
        string note;
        try
        {
            var source = string.IsNullOrEmpty(request.Source) ? null : request.Source;
            var sentAfter = unconfirmed.Timestamp - unconfirmed.Elapsed;
            if (await statusReader.FindLatestExecutionOfAsync(connection, request.Input, source, sentAfter, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return unconfirmed with
                {
                    Kind = TriggerOutcomeKind.Accepted,
                    RunId = found.JobId,
                    RunStatus = found.Status,
                    Guidance = PlatformGuidance.For(Platform, TriggerOutcomeKind.Accepted),
                    Detail = $"The answer was lost, but the trigger's status endpoint shows this prompt as its most recent execution (job {found.JobId}): it arrived.",
                };
            }

            note = "The trigger's status endpoint does not show this prompt as its most recent execution, so whether it arrived is unknown.";
        }
        catch (RunTrackingException exception)
        {
            note = "The trigger's status could not be read to settle it: " + exception.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TriggerCancelledException(requestMayHaveArrived: true, cancellationToken);
        }

        return unconfirmed with { Detail = SecretRedactor.Redact($"{unconfirmed.Detail} {note}", [connection.Token]) };
    }

    /// <summary>The token must be present and usable as a URL path segment as it stands (never escaped, never echoed).</summary>
    public static string RequireApiToken(string? token)
    {
        ConnectionRules.RequireToken(token, "GPT Workbench API token");
        return ConnectionRules.RequirePathSegment(token, "GPT Workbench API token");
    }

    /// <summary><c>{base}/webhooks/trigger/{token}</c>; with the mask as token, the URL that may be shown.</summary>
    public static Uri TriggerUrl(Uri baseUrl, string token) => PreparedRequest.Combine(baseUrl, "webhooks/trigger/" + token);

    private static byte[] BuildBody(string prompt, string? source) =>
        TriggerBodiesJsonContext.Serialize(new GptWorkbenchTriggerBody(prompt, source));
}
