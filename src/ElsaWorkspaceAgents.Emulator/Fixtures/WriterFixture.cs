using System.Text.Json.Nodes;

namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>The Writer Agent Builder side of a fixture.</summary>
public sealed class WriterFixture
{
    /// <summary>Valid bearer API keys.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Agent Builder agents.</summary>
    public List<WriterAgentFixture> Agents { get; set; } = [];

    /// <summary>
    /// The job ID's field name in job answers: <c>job_id</c> as the seed shows it, or <c>id</c> as some Writer
    /// responses carry it (emulator switch, so clients are tested against both).
    /// </summary>
    public string JobIdField { get; set; } = "job_id";

    /// <summary>The status word of a failed job: <c>error</c> as the seed shows it, or <c>failed</c> (emulator switch).</summary>
    public string FailedJobStatus { get; set; } = "error";
}

/// <summary>An Agent Builder agent.</summary>
public sealed class WriterAgentFixture
{
    /// <summary>Agent id (a UUID on the real platform).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Optional description.</summary>
    public string? Description { get; set; }

    /// <summary>Only deployed agents are reachable through the API (404 otherwise).</summary>
    public bool Deployed { get; set; } = true;

    /// <summary>Blueprints of the agent.</summary>
    public List<WriterBlueprintFixture> Blueprints { get; set; } = [];
}

/// <summary>A blueprint and what its Return Value block produces.</summary>
public sealed class WriterBlueprintFixture
{
    /// <summary>Blueprint id, e.g. <c>ooamr04yng7</c>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Only blueprints starting with an API Trigger block are exposed (404 otherwise).</summary>
    public bool StartsWithApiTrigger { get; set; } = true;

    /// <summary>
    /// The Return Value: a string, or any JSON value (serialized to a JSON string on the wire). String leaves may use
    /// <c>@{result.inputs}</c> and <c>@{result.inputs.field}</c>, replaced from the request's inputs.
    /// </summary>
    public JsonNode? ReturnValue { get; set; }

    /// <summary>When set, the blueprint fails with this message.</summary>
    public string? Error { get; set; }

    /// <summary>Extra SSE framing for the synchronous endpoint.</summary>
    public WriterSseFixture Sse { get; set; } = new();
}

/// <summary>Optional SSE framing, so clients are tested against the whole SSE grammar, not just <c>data:</c> lines.</summary>
public sealed class WriterSseFixture
{
    /// <summary>Precede each event with an <c>event:</c> line (<c>status</c>, <c>delta</c>, <c>error</c>, <c>done</c>).</summary>
    public bool EventLines { get; set; }

    /// <summary>Interleave <c>: keep-alive</c> comment lines.</summary>
    public bool KeepAliveComments { get; set; }

    /// <summary>Send a <c>retry:</c> field first.</summary>
    public int? RetryMs { get; set; }

    /// <summary>Split the return value over several <c>delta</c> events of at most this many characters.</summary>
    public int? DeltaChunkSize { get; set; }

    /// <summary>Terminate lines with CRLF instead of LF (both are legal SSE).</summary>
    public bool CrLf { get; set; }
}
