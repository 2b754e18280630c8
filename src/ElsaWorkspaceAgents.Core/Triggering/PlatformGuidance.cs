namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>
/// What to do about each outcome, per platform, in the words of that platform's documentation. Advice to send again is
/// given only where it is true: with the same key on the platforms that honour Idempotency-Key, and on GPT Workbench and
/// Writer only when nothing can have started (see <see cref="Resilience.ResendPolicy"/>).
/// </summary>
public static class PlatformGuidance
{
    /// <summary>The guidance for an outcome, or null when there is nothing to add.</summary>
    public static string? For(AgentPlatform platform, TriggerOutcomeKind kind) => (platform, kind) switch
    {
        (AgentPlatform.WorkspaceAgents, TriggerOutcomeKind.Accepted) =>
            "Accepted, not finished: verify the result in the configured destination (search it for the request ID).",
        (AgentPlatform.WorkspaceAgents, TriggerOutcomeKind.Unauthorized) =>
            "Create a ChatGPT Workspace Agent access token from Admin > Access tokens with the Workspace Agents scope. Do not use an OpenAI Platform API key.",
        (AgentPlatform.WorkspaceAgents, TriggerOutcomeKind.Forbidden) =>
            "Share the agent with the caller or use a token from an allowed user.",
        (AgentPlatform.WorkspaceAgents, TriggerOutcomeKind.NotFound) =>
            "Confirm the agtch_ ID from the API channel.",
        (AgentPlatform.WorkspaceAgents, TriggerOutcomeKind.Conflict) =>
            "Save/publish the agent and confirm the API channel is active.",
        (AgentPlatform.WorkspaceAgents, TriggerOutcomeKind.Failed) =>
            "A transient failure outlasted the retry budget. Send the same source event again with the same idempotency key: Workspace Agents returns the original outcome instead of starting a second run. A different event needs a new key.",

        (AgentPlatform.GptWorkbench, TriggerOutcomeKind.Accepted) =>
            "Queued: follow the job with the trigger's status endpoint or the execution logs.",
        (AgentPlatform.GptWorkbench, TriggerOutcomeKind.Forbidden) =>
            "The caller's IP is not in the trigger's IP whitelist: add the address or CIDR block, or call from an allowed host.",
        (AgentPlatform.GptWorkbench, TriggerOutcomeKind.NotFound) =>
            "The trigger URL is invalid, the trigger is disabled, or its token was regenerated: copy the current URL from Automations > API Triggers and enable the trigger.",
        (AgentPlatform.GptWorkbench, TriggerOutcomeKind.RateLimited) =>
            "The trigger's hourly rate limit is spent: wait, or raise the limit in the trigger's settings.",
        (AgentPlatform.GptWorkbench, TriggerOutcomeKind.InvalidInput) =>
            "Send JSON with a prompt of at most 50,000 characters and an optional source of at most 100.",
        (AgentPlatform.GptWorkbench, TriggerOutcomeKind.Failed) =>
            "GPT Workbench did not take the request (no connection, or 503 Service Unavailable until the retry budget ran out), so nothing was queued: sending the event again is safe. GPT Workbench has no idempotency key, so send it once more only after an outcome like this one.",
        (AgentPlatform.GptWorkbench, TriggerOutcomeKind.Unconfirmed) =>
            "The prompt may have been queued: the request may have reached GPT Workbench, which has no idempotency key, and no answer confirmed it. Check the trigger's execution logs (Automations > API Triggers > View Execution Logs) for this prompt before sending it again: sending again may run it twice.",

        (AgentPlatform.DocsGpt, TriggerOutcomeKind.Accepted) =>
            "Queued: poll /api/task_status with the task_id until SUCCESS or FAILURE.",
        (AgentPlatform.DocsGpt, TriggerOutcomeKind.NotFound) =>
            "The agent webhook token is unknown: generate the webhook URL again on the agent's edit page.",
        (AgentPlatform.DocsGpt, TriggerOutcomeKind.Unauthorized or TriggerOutcomeKind.Forbidden) =>
            "The webhook token was refused: generate the webhook URL again on the agent's edit page.",
        (AgentPlatform.DocsGpt, TriggerOutcomeKind.Failed) =>
            "A transient failure outlasted the retry budget. Send the same source event again with the same idempotency key within 24 hours: DocsGPT returns the original task_id instead of enqueuing a second task.",

        (AgentPlatform.Writer, TriggerOutcomeKind.Accepted) =>
            "Started: the result is the Return Value block's output (poll the job, or read the stream).",
        (AgentPlatform.Writer, TriggerOutcomeKind.Unauthorized or TriggerOutcomeKind.Forbidden) =>
            "Check the Writer API key (Authorization: Bearer <your_api_key>) and its access to this agent.",
        (AgentPlatform.Writer, TriggerOutcomeKind.NotFound) =>
            "Check that the agent is deployed and that the blueprint starts with an API Trigger block; list them with GET /v1/agents?type=builder.",
        (AgentPlatform.Writer, TriggerOutcomeKind.InvalidInput) =>
            "Nest your data under the inputs key: {\"inputs\": ...}.",
        (AgentPlatform.Writer, TriggerOutcomeKind.RateLimited) =>
            "Writer is rate limiting: wait for the Retry-After period, then send the event again (a 429 started nothing).",
        (AgentPlatform.Writer, TriggerOutcomeKind.Failed) =>
            "Writer did not take the request (no connection, or 503 Service Unavailable until the retry budget ran out), so no blueprint started: sending the event again is safe. Writer has no idempotency key, so send it once more only after an outcome like this one.",
        (AgentPlatform.Writer, TriggerOutcomeKind.Unconfirmed) =>
            "The blueprint may have started: the request may have reached Writer, which has no idempotency key, and no answer confirmed it. Writer's API lists no jobs, so check what the blueprint writes (search for the request ID) before sending it again: sending again may run it twice.",

        (_, TriggerOutcomeKind.RateLimited) => "The platform is rate limiting: wait for the Retry-After period and send the same event again with the same idempotency key.",
        (_, TriggerOutcomeKind.InvalidInput) => "Fix the input described in the detail; nothing was started.",
        (_, TriggerOutcomeKind.Failed) =>
            "A transient failure outlasted the retry budget without starting anything, or on a platform that deduplicates by key: sending the same event again is safe.",
        (_, TriggerOutcomeKind.Unconfirmed) =>
            "The agent may have started and no answer confirmed it: check the platform before sending the event again.",
        (_, TriggerOutcomeKind.Unauthorized) => "Check the connection's credential.",
        (_, TriggerOutcomeKind.Forbidden) => "The credential may not trigger this agent.",
        (_, TriggerOutcomeKind.NotFound) => "Check the connection's trigger identifiers.",
        (_, TriggerOutcomeKind.Conflict) => "The agent is not runnable right now.",
        _ => null,
    };
}
