using System.CommandLine;
using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary>
/// The options shared by <c>trigger</c> and <c>preview</c>: where to send (platform, base URL, identifiers, which
/// environment variable holds the credential) and what event to send. Credentials are never taken as flags,
/// where they would end up in shell history and process listings.
/// </summary>
public sealed class TriggerOptions
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public Option<string> Platform { get; } = new("--platform")
    {
        Description = "workspace-agents | gpt-workbench | docsgpt | writer",
        DefaultValueFactory = _ => "workspace-agents",
    };

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "Platform base URL (default: the platform's public API; required for GPT Workbench)." };

    public Option<string?> TriggerId { get; } = new("--trigger-id") { Description = $"Workspace Agents API channel ID (agtch_…); default ${ConnectionEnvironment.TriggerId}." };

    public Option<string?> AgentId { get; } = new("--agent-id") { Description = "Writer agent ID." };

    public Option<string?> BlueprintId { get; } = new("--blueprint-id") { Description = "Writer blueprint ID." };

    public Option<bool> Stream { get; } = new("--stream") { Description = "Writer: call the synchronous SSE endpoint instead of creating a job." };

    public Option<string?> TokenEnv { get; } = new("--token-env")
    {
        Description = "Environment variable holding the credential (default per platform: WORKSPACE_AGENT_ACCESS_TOKEN, GPT_WORKBENCH_API_TOKEN, DOCSGPT_WEBHOOK_TOKEN, WRITER_API_KEY).",
    };

    public Option<string> SourceSystem { get; } = new("--source-system") { Description = "System the event comes from.", DefaultValueFactory = _ => "cli" };

    public Option<string> EventType { get; } = new("--event-type") { Description = "What happened, e.g. ticket.created.", DefaultValueFactory = _ => "manual.trigger" };

    public Option<string?> EventId { get; } = new("--event-id") { Description = "The source's ID for this event (default: the request ID). Keys derive from it." };

    public Option<string?> RequestId { get; } = new("--request-id") { Description = "Request ID the agent echoes in its write (default: a fresh CLI-… ID)." };

    public Option<string?> Destination { get; } = new("--destination") { Description = $"Destination label; default ${ConnectionEnvironment.OutputDestination}." };

    public Option<string?> Entity { get; } = new("--entity") { Description = "Entity the event belongs to (e.g. ticket:T-42); derives the conversation key." };

    public Option<string?> Summary { get; } = new("--summary", "-m") { Description = "The update text for the agent." };

    public Option<string?> Payload { get; } = new("--payload") { Description = "Event payload as JSON text." };

    // A separate option rather than "@path": System.CommandLine reads "@path" tokens as response files.
    public Option<FileInfo?> PayloadFile { get; } = new("--payload-file") { Description = "Read the event payload from a UTF-8 JSON file." };

    public Option<string?> IdempotencyKeyOverride { get; } = new("--idempotency-key") { Description = "Use this key instead of deriving one (only to retry an earlier event)." };

    public Option<string?> Source { get; } = new("--source") { Description = "GPT Workbench source label (≤ 100 characters; default: the source system)." };

    public IEnumerable<Option> All =>
    [
        Platform, BaseUrl, TriggerId, AgentId, BlueprintId, Stream, TokenEnv, SourceSystem, EventType, EventId, RequestId,
        Destination, Entity, Summary, Payload, PayloadFile, IdempotencyKeyOverride, Source,
    ];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        Platform.AcceptOnlyFromAmong([.. PlatformNames.All.Keys]);
    }

    /// <summary>Builds the connection from flags and the environment.</summary>
    public AgentConnection Connection(ParseResult parse, Func<string, string?> environment)
    {
        var platform = PlatformNames.All[parse.GetValue(Platform)!];
        var baseUrl = parse.GetValue(BaseUrl);
        return new AgentConnection
        {
            Platform = platform,
            BaseUrl = baseUrl is null ? null : ConnectionRules.ParseBaseUrl(baseUrl),
            TriggerId = parse.GetValue(TriggerId) ?? environment(ConnectionEnvironment.TriggerId),
            AgentId = parse.GetValue(AgentId),
            BlueprintId = parse.GetValue(BlueprintId),
            UseJobs = !parse.GetValue(Stream),
            Token = environment(parse.GetValue(TokenEnv) ?? PlatformNames.TokenVariable(platform)),
            OutputDestination = parse.GetValue(Destination) ?? environment(ConnectionEnvironment.OutputDestination),
        };
    }

    /// <summary>Builds the source event, the input text and both keys, exactly as a workflow would.</summary>
    public AgentTriggerRequest Request(ParseResult parse, AgentConnection connection, Func<DateTimeOffset> now)
    {
        var requestId = parse.GetValue(RequestId) ?? $"CLI-{now():yyyyMMddHHmmss}";
        var sourceEvent = new SourceEvent
        {
            SourceSystem = parse.GetValue(SourceSystem)!,
            EventType = parse.GetValue(EventType)!,
            EventId = parse.GetValue(EventId) ?? requestId,
            RequestId = requestId,
            Destination = connection.OutputDestination,
            EntityId = parse.GetValue(Entity),
            Summary = parse.GetValue(Summary),
            Payload = ReadPayload(parse.GetValue(Payload), parse.GetValue(PayloadFile)),
        };

        var request = SourceEventRequests.Create(sourceEvent, connection);
        return request with
        {
            IdempotencyKey = parse.GetValue(IdempotencyKeyOverride) ?? request.IdempotencyKey,
            Source = parse.GetValue(Source) ?? request.Source,
        };
    }

    /// <summary>The event payload from <c>--payload</c> or <c>--payload-file</c>, or null when neither is given.</summary>
    public JsonElement? PayloadOf(ParseResult parse) => ReadPayload(parse.GetValue(Payload), parse.GetValue(PayloadFile));

    private static JsonElement? ReadPayload(string? text, FileInfo? file)
    {
        if (text is not null && file is not null)
        {
            throw new AgentInputException("Give either --payload or --payload-file, not both.", "--payload");
        }

        string json;
        try
        {
            // Strict decoding: a payload file with invalid UTF-8 is refused, not silently "repaired" with U+FFFD.
            json = file is not null ? File.ReadAllText(file.FullName, StrictUtf8) : text ?? string.Empty;
        }
        catch (DecoderFallbackException)
        {
            throw new AgentInputException($"--payload-file '{file!.FullName}' is not valid UTF-8.", "--payload-file");
        }
        catch (IOException exception)
        {
            throw new AgentInputException($"--payload-file could not be read: {exception.Message}", "--payload-file");
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new AgentInputException($"The payload is not valid JSON: {exception.Message}", "--payload");
        }
    }
}
