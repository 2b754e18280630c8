using System.Runtime.CompilerServices;
using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Activities.Flowchart.Attributes;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using Elsa.Workflows.UIHints;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Triggering;
using ElsaWorkspaceAgents.Resilience;
using ElsaWorkspaceAgents.UIHints;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>
/// What the trigger activities share: the request inputs, the outputs the seed says to log, and one flow outcome per
/// <see cref="TriggerOutcomeKind"/>. The call itself is <see cref="IAgentTriggerService.TriggerAsync"/>: it never throws
/// for a platform's answer or for invalid input, so every result is routed, including an empty input or key (Invalid Input).
/// </summary>
[FlowNode(TriggerOutcomes.Accepted, TriggerOutcomes.Unauthorized, TriggerOutcomes.Forbidden, TriggerOutcomes.NotFound,
    TriggerOutcomes.Conflict, TriggerOutcomes.RateLimited, TriggerOutcomes.InvalidInput, TriggerOutcomes.Failed)]
public abstract class TriggerActivityBase : Activity
{
    /// <inheritdoc />
    protected TriggerActivityBase(string? source = null, int? line = null) : base(source, line)
    {
    }

    /// <summary>The connection to call through; an activity class may limit it with <see cref="ConnectionPlatformsAttribute"/>.</summary>
    [Input(Description = "The connection configured in the host (WorkspaceAgents:Connections:{name}, or the WORKSPACE_AGENT_* environment variables for 'default'); its platform decides how the agent is called. Credentials stay in the host.",
        UIHint = InputUIHints.DropDown, UIHandler = typeof(AgentConnectionOptionsProvider), DefaultValue = "default", Order = 1)]
    public Input<string?> Connection { get; set; } = new("default");

    /// <summary>The message text.</summary>
    [Input(DisplayName = "Input", Description = "The agent's input text: wire Build Agent Input's Input Text here.", UIHint = InputUIHints.MultiLine, Order = 2)]
    public Input<string> InputText { get; set; } = new(string.Empty);

    /// <summary>The stable key for the source event.</summary>
    [Input(DisplayName = "Idempotency Key", Description = "The key of the source event: wire Derive Idempotency Key's Key here. Never derive it from the workflow instance: the same event must send the same key.", Order = 3)]
    public Input<string> IdempotencyKey { get; set; } = new(string.Empty);

    /// <summary>Optional conversation key.</summary>
    [Input(DisplayName = "Conversation Key", Description = "Optional: continues one agent conversation across related events (wire Derive Conversation Key's Key here).", Order = 4)]
    public Input<string?> ConversationKey { get; set; } = new((string?)null);

    /// <summary>The source request ID, for the audit log and the response.</summary>
    [Input(DisplayName = "Request ID", Description = "The request ID placed in the input, logged with the outcome so the agent's write can be verified.", Order = 5)]
    public Input<string?> RequestId { get; set; } = new((string?)null);

    /// <summary>The final HTTP status.</summary>
    [Output(DisplayName = "HTTP Status", Description = "The platform's final HTTP status (202 when accepted); empty when no answer arrived or the request was refused before sending.")]
    public Output<int?>? HttpStatus { get; set; }

    /// <summary>The source request ID, echoed.</summary>
    [Output(DisplayName = "Request ID", Description = "The source request ID sent with this trigger: search the destination for it.")]
    public Output<string?>? SourceRequestId { get; set; }

    /// <summary>The idempotency key sent.</summary>
    [Output(DisplayName = "Idempotency Key", Description = "The idempotency key sent on every attempt.")]
    public Output<string?>? SentIdempotencyKey { get; set; }

    /// <summary>The platform's run handle.</summary>
    [Output(DisplayName = "Run ID", Description = "The run, job or task ID where the platform returns one (GPT Workbench, DocsGPT, Writer jobs): wire it into Wait For Agent Result. Workspace Agents returns none.")]
    public Output<string?>? RunId { get; set; }

    /// <summary>When the outcome was decided.</summary>
    [Output(Description = "When the outcome was decided (UTC).")]
    public Output<DateTimeOffset?>? Timestamp { get; set; }

    /// <summary>The outcome name.</summary>
    [Output(Description = "The outcome taken: Accepted, Unauthorized, Forbidden, Not Found, Conflict, Rate Limited, Invalid Input, Failed or Unconfirmed (GPT Workbench and Writer only: the agent may have started and no answer confirmed it, so check the platform before sending again).")]
    public Output<string?>? Outcome { get; set; }

    /// <summary>Whether retrying the workflow (an incident retry, a redelivery) is safe.</summary>
    [Output(DisplayName = "Safe To Retry", Description = "True when retrying this step cannot start a second run: the outcome was Rate Limited or Failed and the platform honours the idempotency key (Workspace Agents, DocsGPT). False on GPT Workbench and Writer, which cannot deduplicate, and for outcomes that need a fix or a person.")]
    public Output<bool>? SafeToRetry { get; set; }

    /// <summary>What to do about the outcome.</summary>
    [Output(Description = "What to do about this outcome, in the platform documentation's words.")]
    public Output<string?>? Guidance { get; set; }

    /// <summary>What went wrong.</summary>
    [Output(Description = "What went wrong: the platform's error message or the validation failure (never a credential).")]
    public Output<string?>? Detail { get; set; }

    /// <summary>Each attempt and the retry decision after it.</summary>
    [Output(DisplayName = "Attempts", Description = "Each HTTP attempt: its number, HTTP status (or why no answer came), duration, the delay before the next attempt (Retry-After or backoff) and why it was retried or not.")]
    public Output<IReadOnlyList<TriggerAttempt>?>? Attempts { get; set; }

    /// <summary>A synchronous result.</summary>
    [Output(DisplayName = "Output", Description = "The agent's output when the platform returns it at once (Writer's streaming endpoint); otherwise empty.")]
    public Output<string?>? AgentOutput { get; set; }

    /// <summary>Sends the request through the named connection and completes with the matching outcome.</summary>
    protected async ValueTask TriggerAsync(ActivityExecutionContext context, AgentTriggerRequest request, string? connectionName)
    {
        var triggers = context.GetRequiredService<IAgentTriggerService>();
        var outcome = await triggers.TriggerAsync(request, connectionName, context.CancellationToken);
        context.Set(HttpStatus, outcome.HttpStatus);
        context.Set(SourceRequestId, outcome.SourceRequestId);
        context.Set(SentIdempotencyKey, outcome.IdempotencyKey);
        context.Set(RunId, outcome.RunId);
        context.Set(Timestamp, outcome.Timestamp);
        context.Set(Guidance, outcome.Guidance);
        context.Set(Detail, outcome.Detail);
        context.Set(AgentOutput, outcome.Output);
        context.Set(Attempts, outcome.AttemptHistory);
        await RetryHistoryRecorder.RecordAsync(context, outcome.AttemptHistory);
        context.Set(SafeToRetry, ResendPolicy.IsSafeToRetryBlindly(outcome));
        await CompleteAsync(context, TriggerOutcomes.For(outcome.Kind));
    }

    /// <summary>Completes without calling the platform (the request could not be formed): Invalid Input, with the reason.</summary>
    protected async ValueTask RefuseAsync(ActivityExecutionContext context, string reason, string? requestId, string? idempotencyKey)
    {
        context.Set(SourceRequestId, requestId);
        context.Set(SentIdempotencyKey, idempotencyKey);
        context.Set(Timestamp, context.GetRequiredService<Elsa.Common.ISystemClock>().UtcNow);
        context.Set(Guidance, "Fix the input described in the detail; nothing was started.");
        context.Set(Detail, reason);
        await CompleteAsync(context, TriggerOutcomes.InvalidInput);
    }

    /// <summary>The request inputs every trigger activity has.</summary>
    protected AgentTriggerRequest CreateRequest(ActivityExecutionContext context) => new()
    {
        Input = InputText.GetOrDefault(context) ?? string.Empty,
        IdempotencyKey = IdempotencyKey.GetOrDefault(context)?.Trim() ?? string.Empty,
        ConversationKey = NullIfBlank(ConversationKey.GetOrDefault(context)),
        SourceRequestId = NullIfBlank(RequestId.GetOrDefault(context)),
    };

    /// <summary>Null for empty or whitespace text, else the trimmed text.</summary>
    protected static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async ValueTask CompleteAsync(ActivityExecutionContext context, string outcome)
    {
        context.Set(Outcome, outcome);
        await context.CompleteActivityWithOutcomesAsync(outcome);
    }
}
