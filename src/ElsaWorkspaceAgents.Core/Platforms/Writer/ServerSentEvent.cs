namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>One dispatched Server-Sent Event, as the WHATWG <c>EventSource</c> algorithm defines it.</summary>
/// <param name="EventType">The <c>event:</c> field, or <c>message</c> when the event named none.</param>
/// <param name="Data">The <c>data:</c> lines joined with <c>\n</c> (without the final line feed).</param>
/// <param name="LastEventId">The last event ID buffer at dispatch (an <c>id:</c> line persists across events).</param>
/// <param name="ReconnectionTime">The reconnection time the stream last set with <c>retry:</c>, if any.</param>
public readonly record struct ServerSentEvent(string EventType, string Data, string? LastEventId, TimeSpan? ReconnectionTime)
{
    /// <summary>The type of an event without an <c>event:</c> line.</summary>
    public const string DefaultEventType = "message";

    /// <summary>The data that ends an OpenAI-style stream, Writer's included (<c>data: [DONE]</c>).</summary>
    public const string DoneSentinel = "[DONE]";

    /// <summary>True for the <c>data: [DONE]</c> terminator (not a spec concept, but every Writer stream ends with it).</summary>
    public bool IsDone => string.Equals(Data, DoneSentinel, StringComparison.Ordinal);
}
