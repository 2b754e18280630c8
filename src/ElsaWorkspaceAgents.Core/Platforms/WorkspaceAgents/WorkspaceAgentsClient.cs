using System.Runtime.CompilerServices;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElsaWorkspaceAgents.Core.Platforms.WorkspaceAgents;

/// <summary>
/// ChatGPT Workspace Agents API trigger: <c>POST {base}/v1/workspace_agents/{agtch_id}/trigger</c> with a Workspace
/// Agent access token as Bearer credential, <c>{"input", "conversation_key"}</c> and an <c>Idempotency-Key</c> header.
/// 202 means queued, not finished; the API returns no run ID, so results are verified in the agent's destination.
/// </summary>
internal sealed class WorkspaceAgentsClient : AgentPlatformClientBase
{
    /// <summary>Every API trigger ID starts with this.</summary>
    public const string TriggerIdPrefix = "agtch_";

    private readonly ConditionalWeakTable<AgentConnection, CachedTriggerUrl> triggerUrls = new();

    public WorkspaceAgentsClient(ResilientTriggerSender sender, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        IOptionsMonitor<WorkspaceAgentsOptions> options)
        : base(sender, timeProvider, loggerFactory, options)
    {
    }

    public override AgentPlatform Platform => AgentPlatform.WorkspaceAgents;

    protected override PreparedRequest Prepare(AgentConnection connection, AgentTriggerRequest request)
    {
        var triggerId = ValidateTriggerId(connection.TriggerId);
        var token = ConnectionRules.RequireToken(connection.Token, "Workspace Agent access token");
        if (string.IsNullOrWhiteSpace(request.Input))
        {
            throw new AgentInputException("Workspace Agents needs a text input.", nameof(request.Input));
        }

        var url = TriggerUrl(connection, triggerId);
        return new PreparedRequest
        {
            Method = HttpMethod.Post,
            Url = url,
            DisplayUrl = url.AbsoluteUri,
            BearerToken = token,
            IdempotencyKey = request.IdempotencyKey,
            BodyUtf8 = BuildBody(request),
        };
    }

    protected override ValueTask<TriggerOutcome> ReadAcceptedAsync(PlatformCall call, SendResult result, CancellationToken cancellationToken)
    {
        // The documented answer is 202 with no body; tolerate a JSON body, keeping its status and run ID if present.
        string? status = null;
        string? runId = null;
        if (!string.IsNullOrWhiteSpace(result.Body))
        {
            try
            {
                using var document = JsonDocument.Parse(result.Body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    status = JsonFields.Text(document.RootElement, "status");
                    runId = JsonFields.Text(document.RootElement, "run_id", "runId", "id");
                }
            }
            catch (JsonException)
            {
                // Not JSON: still accepted; the status code is what the API promises.
            }
        }

        return ValueTask.FromResult(OutcomeFactory.Accepted(call, result, TimeProvider.GetUtcNow(), runId: runId, runStatus: status ?? "queued"));
    }

    /// <summary>
    /// The trigger URL, validated and built once per connection and reused while the connection's base URL and trigger ID
    /// stay the same objects (a reload or an edit replaces them): parsing it cost a string and a Uri on every call.
    /// </summary>
    private Uri TriggerUrl(AgentConnection connection, string triggerId)
    {
        if (triggerUrls.TryGetValue(connection, out var cached) &&
            ReferenceEquals(cached.BaseUrl, connection.BaseUrl) && ReferenceEquals(cached.TriggerId, connection.TriggerId))
        {
            return cached.Url;
        }

        var url = PreparedRequest.Combine(BaseUrl(connection), $"v1/workspace_agents/{triggerId}/trigger");
        triggerUrls.AddOrUpdate(connection, new CachedTriggerUrl(connection.BaseUrl, connection.TriggerId, url));
        return url;
    }

    private sealed record CachedTriggerUrl(Uri? BaseUrl, string? TriggerId, Uri Url);

    /// <summary>Refuses a trigger ID that is not an API channel ID before anything is sent.</summary>
    public static string ValidateTriggerId(string? triggerId)
    {
        if (string.IsNullOrWhiteSpace(triggerId))
        {
            throw new AgentInputException("The Workspace Agents trigger ID is missing: copy it from the agent's API channel (it starts with agtch_).", "triggerId");
        }

        if (!triggerId.StartsWith(TriggerIdPrefix, StringComparison.Ordinal) || triggerId.Length == TriggerIdPrefix.Length)
        {
            throw new AgentInputException(
                $"The trigger ID '{Printable(triggerId)}' does not start with agtch_. Use the API channel's trigger ID, not the agent name or ID.", "triggerId");
        }

        return ConnectionRules.RequirePathSegment(triggerId, "trigger ID");
    }

    private static byte[] BuildBody(AgentTriggerRequest request) =>
        TriggerBodiesJsonContext.Serialize(new WorkspaceAgentsTriggerBody(request.Input, request.ConversationKey));

    private static string Printable(string value)
    {
        var shown = value.Length > 12 ? value[..12] + "…" : value;
        return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
