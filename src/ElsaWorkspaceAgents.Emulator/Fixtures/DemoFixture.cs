using System.Text.Json.Nodes;

namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>
/// The built-in fixture: one ready trigger per platform plus the negative cases of the seeds' test matrices.
/// <c>Fixtures/demo-fixture.json</c> is the same data as a file (a test keeps them equal).
/// </summary>
public static class DemoFixture
{
    /// <summary>Workspace Agents token of a user the demo agent is shared with.</summary>
    public const string WorkspaceAgentsToken = "wat_demo_token";

    /// <summary>Valid token whose owner the agents are not shared with (403).</summary>
    public const string UnsharedToken = "wat_unshared_token";

    /// <summary>Revoked token (401).</summary>
    public const string RevokedToken = "wat_revoked_token";

    /// <summary>Token without the Workspace Agents scope (401).</summary>
    public const string NoScopeToken = "wat_noscope_token";

    /// <summary>Expired token (401).</summary>
    public const string ExpiredToken = "wat_expired_token";

    /// <summary>Runnable channel of <c>demo-agent</c>, writing to <see cref="DemoDestination"/>.</summary>
    public const string DemoChannel = "agtch_demo";

    /// <summary>Inactive channel of <c>demo-agent</c> (409).</summary>
    public const string InactiveChannel = "agtch_inactive";

    /// <summary>Active channel of the unsaved <c>draft-agent</c> (409).</summary>
    public const string UnsavedChannel = "agtch_unsaved";

    /// <summary>Channel of <c>offline-agent</c>, whose destination app is disconnected (409).</summary>
    public const string OfflineChannel = "agtch_offline";

    /// <summary>Channel of <c>gated-agent</c>, writing to the approval-gated <see cref="GatedDestination"/>.</summary>
    public const string GatedChannel = "agtch_gated";

    /// <summary>Auto-approved destination.</summary>
    public const string DemoDestination = "demo-channel";

    /// <summary>Approval-gated destination.</summary>
    public const string GatedDestination = "gated-channel";

    /// <summary>Second auto-approved destination <c>demo-agent</c> may also write to when the input names it.</summary>
    public const string DemoDocumentDestination = "demo-document";

    /// <summary>GPT Workbench trigger token (exactly 64 characters).</summary>
    public const string GptWorkbenchToken = "demo_gpt_workbench_api_trigger_token_0123456789abcdef0123456789a";

    /// <summary>GPT Workbench trigger id (admin API and chaos target).</summary>
    public const string GptWorkbenchTriggerId = "trg_demo";

    /// <summary>GPT Workbench thread of the demo trigger.</summary>
    public const string GptWorkbenchThreadId = "thread_demo";

    /// <summary>Secret the demo trigger signs completion webhooks with.</summary>
    public const string GptWorkbenchWebhookSecret = "whsec_demo_gpt_workbench";

    /// <summary>DocsGPT webhook token of an agent whose tasks succeed.</summary>
    public const string DocsGptToken = "docsgpt_demo_webhook_token";

    /// <summary>DocsGPT webhook token of an agent whose tasks fail.</summary>
    public const string DocsGptFailingToken = "docsgpt_failing_webhook_token";

    /// <summary>DocsGPT webhook token of an agent whose tasks retry once, then succeed.</summary>
    public const string DocsGptRetryingToken = "docsgpt_retrying_webhook_token";

    /// <summary>Writer API key.</summary>
    public const string WriterApiKey = "writer_demo_api_key";

    /// <summary>Writer deployed agent id (the seed's example id).</summary>
    public const string WriterAgentId = "123e4567-e89b-12d3-a456-426614174000";

    /// <summary>Writer undeployed agent id (404).</summary>
    public const string WriterUndeployedAgentId = "9d3b7c1e-0f2a-4c5b-8e6d-7a1b2c3d4e5f";

    /// <summary>Blueprint returning plain text (the seed's example id).</summary>
    public const string WriterTextBlueprint = "ooamr04yng7";

    /// <summary>Blueprint returning a JSON object (serialized to a string on the wire).</summary>
    public const string WriterJsonBlueprint = "jsonrtrn001";

    /// <summary>Blueprint that errors.</summary>
    public const string WriterErrorBlueprint = "errorbp0001";

    /// <summary>Blueprint streaming with event:, retry: and keep-alive comment lines, CRLF line ends and chunked deltas.</summary>
    public const string WriterSseExtrasBlueprint = "sseextra001";

    /// <summary>Blueprint that starts with a UI Trigger, so it is not exposed (404).</summary>
    public const string WriterUiOnlyBlueprint = "uitrigger01";

    /// <summary>The Return Value of <see cref="WriterTextBlueprint"/>.</summary>
    public const string WriterTextReturnValue = "Document processed and routed to accounting team";

    /// <summary>The instructions from the seed notebook, stored on the demo agents for reference.</summary>
    public const string DemoInstructions =
        "When triggered by API, write one short update to the configured destination.\n" +
        "Always include the request ID from the trigger input.\n\n" +
        "Start the update with: Workspace Agent API demo received: <Request ID>\n" +
        "Include the source system, submitted timestamp, and update text if present.\n" +
        "Use the exact destination named in the input or saved in these instructions.\n" +
        "Do not assume the API-triggered run has a current chat, channel, thread, or document context.\n" +
        "If writes are auto-approved for this destination, write immediately. If approval is required, request approval.\n" +
        "After the write succeeds, stop.";

    /// <summary>Builds a fresh copy of the demo fixture.</summary>
    public static EmulatorFixture Create() => new()
    {
        WorkspaceAgents = new WorkspaceAgentsFixture
        {
            AccessTokens =
            [
                new AccessTokenFixture { Token = WorkspaceAgentsToken, UserId = "user_demo" },
                new AccessTokenFixture { Token = UnsharedToken, UserId = "user_outsider" },
                new AccessTokenFixture { Token = RevokedToken, UserId = "user_demo", Revoked = true },
                new AccessTokenFixture { Token = NoScopeToken, UserId = "user_demo", Scopes = ["chatgpt_conversations"] },
                new AccessTokenFixture { Token = ExpiredToken, UserId = "user_demo", ExpiresAt = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) },
            ],
            Destinations =
            [
                new DestinationFixture { Name = DemoDestination, Kind = "channel", Approval = DestinationApproval.Auto },
                new DestinationFixture { Name = DemoDocumentDestination, Kind = "document", Approval = DestinationApproval.Auto },
                new DestinationFixture { Name = GatedDestination, Kind = "channel", Approval = DestinationApproval.Required },
                new DestinationFixture { Name = "offline-channel", Kind = "channel", Connected = false },
            ],
            Agents =
            [
                new WorkspaceAgentFixture
                {
                    Id = "agent_demo", Name = "demo-agent", Instructions = DemoInstructions, Saved = true,
                    SharedWith = ["user_demo"], DefaultDestination = DemoDestination, Destinations = [DemoDocumentDestination],
                    Channels = [new ApiChannelFixture { Id = DemoChannel }, new ApiChannelFixture { Id = InactiveChannel, Active = false }],
                },
                new WorkspaceAgentFixture
                {
                    Id = "agent_gated", Name = "gated-agent", Instructions = DemoInstructions, Saved = true,
                    SharedWith = ["user_demo"], DefaultDestination = GatedDestination,
                    Channels = [new ApiChannelFixture { Id = GatedChannel }],
                },
                new WorkspaceAgentFixture
                {
                    Id = "agent_draft", Name = "draft-agent", Instructions = DemoInstructions, Saved = false,
                    SharedWith = ["user_demo"], DefaultDestination = DemoDestination,
                    Channels = [new ApiChannelFixture { Id = UnsavedChannel }],
                },
                new WorkspaceAgentFixture
                {
                    Id = "agent_offline", Name = "offline-agent", Instructions = DemoInstructions, Saved = true,
                    SharedWith = ["user_demo"], DefaultDestination = "offline-channel",
                    Channels = [new ApiChannelFixture { Id = OfflineChannel }],
                },
            ],
        },
        GptWorkbench = new GptWorkbenchFixture
        {
            Threads =
            [
                new WorkbenchThreadFixture
                {
                    Id = GptWorkbenchThreadId, Name = "Demo thread",
                    SystemPrompt = "You are a helpful assistant for the ElsaWorkspaceAgents demo.",
                },
            ],
            Triggers =
            [
                new WorkbenchTriggerFixture
                {
                    Id = GptWorkbenchTriggerId, Name = "Demo API trigger", Description = "Ready-made trigger of the emulator's demo fixture.",
                    ThreadId = GptWorkbenchThreadId, ApiToken = GptWorkbenchToken, RateLimitPerHour = 100,
                    WebhookSecret = GptWorkbenchWebhookSecret,
                },
            ],
        },
        DocsGpt = new DocsGptFixture
        {
            Agents =
            [
                new DocsGptAgentFixture { Id = "docsgpt_agent_demo", Name = "demo-agent", WebhookToken = DocsGptToken },
                new DocsGptAgentFixture
                {
                    Id = "docsgpt_agent_failing", Name = "failing-agent", WebhookToken = DocsGptFailingToken,
                    Behavior = DocsGptBehavior.Fail, FailureMessage = "Simulated agent failure",
                },
                new DocsGptAgentFixture
                {
                    Id = "docsgpt_agent_retrying", Name = "retrying-agent", WebhookToken = DocsGptRetryingToken,
                    Behavior = DocsGptBehavior.Retry, FailureMessage = "Simulated transient failure; retrying",
                },
            ],
        },
        Writer = new WriterFixture
        {
            ApiKeys = [WriterApiKey],
            Agents =
            [
                new WriterAgentFixture
                {
                    Id = WriterAgentId, Name = "Document router", Description = "Routes incoming documents to the right team.", Deployed = true,
                    Blueprints =
                    [
                        new WriterBlueprintFixture { Id = WriterTextBlueprint, Name = "Route document", ReturnValue = JsonValue.Create(WriterTextReturnValue) },
                        new WriterBlueprintFixture
                        {
                            Id = WriterJsonBlueprint, Name = "Summarize document as JSON",
                            ReturnValue = new JsonObject
                            {
                                ["document_id"] = "@{result.inputs.document_id}",
                                ["routed_to"] = "accounting",
                                ["status"] = "processed",
                            },
                        },
                        new WriterBlueprintFixture { Id = WriterErrorBlueprint, Name = "Always fails", Error = "Blueprint execution failed: simulated error in block 'Parse PDF'" },
                        new WriterBlueprintFixture
                        {
                            Id = WriterSseExtrasBlueprint, Name = "Route document (verbose stream)", ReturnValue = JsonValue.Create(WriterTextReturnValue),
                            Sse = new WriterSseFixture { EventLines = true, KeepAliveComments = true, RetryMs = 3000, DeltaChunkSize = 16, CrLf = true },
                        },
                        new WriterBlueprintFixture { Id = WriterUiOnlyBlueprint, Name = "UI-triggered blueprint", StartsWithApiTrigger = false, ReturnValue = JsonValue.Create("never exposed") },
                    ],
                },
                new WriterAgentFixture
                {
                    Id = WriterUndeployedAgentId, Name = "Draft agent", Deployed = false,
                    Blueprints = [new WriterBlueprintFixture { Id = "draftbp0001", Name = "Draft blueprint", ReturnValue = JsonValue.Create("not deployed") }],
                },
            ],
        },
    };
}
