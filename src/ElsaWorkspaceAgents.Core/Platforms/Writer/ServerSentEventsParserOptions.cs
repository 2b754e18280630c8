namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>Limits and leniencies for <see cref="ServerSentEventsParser"/>.</summary>
public sealed class ServerSentEventsParserOptions
{
    /// <summary>The default for <see cref="MaxEventBytes"/>: 4 MiB.</summary>
    public const int DefaultMaxEventBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The longest line and the largest event data, in UTF-8 bytes. A stream that exceeds it fails with
    /// <see cref="InvalidDataException"/> rather than growing a buffer without bound.
    /// </summary>
    public int MaxEventBytes { get; init; } = DefaultMaxEventBytes;

    /// <summary>
    /// Dispatch an event still pending when the stream ends (no blank line after it). The spec discards it; a
    /// client of a server that ends with <c>data: [DONE]\n</c> and closes wants it. Off by default.
    /// </summary>
    public bool DispatchUnterminatedEvent { get; init; }

    /// <summary>The size of the read buffer <see cref="ServerSentEventsParser.ReadAsync"/> rents.</summary>
    public int ReadBufferSize { get; init; } = 4096;

    internal static ServerSentEventsParserOptions Default { get; } = new();
}
