using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>
/// An incremental Server-Sent Events parser following the WHATWG "event stream interpretation" rules:
/// <c>data:</c> with or without the space, multi-line data joined with <c>\n</c>, <c>event:</c>, <c>id:</c>
/// (persisting across events, ignored when it contains NUL), <c>retry:</c> (digits only), <c>:</c> comment lines
/// (keep-alives), dispatch on a blank line, CRLF/LF/CR line endings and one leading UTF-8 BOM.
/// </summary>
/// <remarks>
/// Bytes may arrive split anywhere, even inside a CRLF pair or a multi-byte character: the parser works on UTF-8
/// bytes and only ever splits at ASCII CR/LF, so a line is decoded once, whole. Lines that fit inside one chunk are
/// parsed in place; buffers are pooled and reused, so the steady-state cost per event is the data string itself.
/// <c>data: [DONE]</c> is dispatched like any other event (see <see cref="ServerSentEvent.IsDone"/>): stopping there
/// is the caller's decision. Not thread-safe; one instance per stream.
/// <para>
/// Why not <c>System.Net.ServerSentEvents.SseParser</c> (checked with 10.0.15): it keeps the <c>event:</c> type of a
/// block without data for the next event (the spec resets it on the blank line), always discards an event the stream
/// ends without a blank line after (Writer's reducer needs it), and has no size limit for a line or an event.
/// </para>
/// </remarks>
public sealed class ServerSentEventsParser : IDisposable
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private readonly int maxBytes;
    private readonly bool dispatchUnterminated;

    private byte[] line;
    private int lineLength;
    private byte[] data;
    private int dataLength;
    private bool hasData;
    private bool afterCr;
    private int bomMatched;
    private bool bomChecked;

    private string? eventType;
    private Utf8Cache eventTypeCache;
    private string? lastEventId;
    private Utf8Cache idCache;
    private TimeSpan? reconnectionTime;

    /// <summary>Creates a parser for one stream.</summary>
    public ServerSentEventsParser(ServerSentEventsParserOptions? options = null)
    {
        options ??= ServerSentEventsParserOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxEventBytes, 16, nameof(options));
        maxBytes = options.MaxEventBytes;
        dispatchUnterminated = options.DispatchUnterminatedEvent;
        line = ArrayPool<byte>.Shared.Rent(256);
        data = ArrayPool<byte>.Shared.Rent(256);
    }

    /// <summary>The last event ID buffer (what a reconnecting client would send as <c>Last-Event-ID</c>).</summary>
    public string? LastEventId => lastEventId;

    /// <summary>The reconnection time the stream last set with <c>retry:</c>.</summary>
    public TimeSpan? ReconnectionTime => reconnectionTime;

    /// <summary>Reads a whole stream, yielding each event as soon as its terminating blank line arrives.</summary>
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, ServerSentEventsParserOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= ServerSentEventsParserOptions.Default;
        using var parser = new ServerSentEventsParser(options);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64, options.ReadBufferSize));
        var ready = new List<ServerSentEvent>();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                parser.Parse(buffer.AsSpan(0, read), ready);
                for (var i = 0; i < ready.Count; i++)
                {
                    yield return ready[i];
                }

                ready.Clear();
            }

            parser.Complete(ready);
            for (var i = 0; i < ready.Count; i++)
            {
                yield return ready[i];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Feeds the next bytes of the stream; every event they complete is added to <paramref name="events"/>.</summary>
    /// <exception cref="InvalidDataException">A line or an event's data exceeds <see cref="ServerSentEventsParserOptions.MaxEventBytes"/>.</exception>
    public void Parse(ReadOnlySpan<byte> chunk, ICollection<ServerSentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!bomChecked && !SkipBom(ref chunk))
        {
            return;
        }

        while (!chunk.IsEmpty)
        {
            if (afterCr)
            {
                // The LF of a CRLF pair that was split across chunks (or simply the next byte after a CR).
                afterCr = false;
                if (chunk[0] == (byte)'\n')
                {
                    chunk = chunk[1..];
                    continue;
                }
            }

            var end = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                AppendLine(chunk);
                return;
            }

            if (lineLength == 0)
            {
                ProcessLine(chunk[..end], events);
            }
            else
            {
                AppendLine(chunk[..end]);
                ProcessLine(line.AsSpan(0, lineLength), events);
                lineLength = 0;
            }

            afterCr = chunk[end] == (byte)'\r';
            chunk = chunk[(end + 1)..];
        }
    }

    /// <summary>
    /// Ends the stream. Per the spec a pending, unterminated event is discarded, unless the options ask for it to be
    /// dispatched. The parser can then be reused for a new stream.
    /// </summary>
    public void Complete(ICollection<ServerSentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!bomChecked && bomMatched > 0)
        {
            // The stream ended inside what looked like a BOM: those bytes were text after all.
            AppendLine(Bom[..bomMatched]);
        }

        if (dispatchUnterminated)
        {
            if (lineLength > 0)
            {
                ProcessLine(line.AsSpan(0, lineLength), events);
            }

            Dispatch(events);
        }

        lineLength = 0;
        dataLength = 0;
        hasData = false;
        eventType = null;
        afterCr = false;
        bomMatched = 0;
        bomChecked = false;
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(line);
        ArrayPool<byte>.Shared.Return(data);
        line = [];
        data = [];
    }

    private bool SkipBom(ref ReadOnlySpan<byte> chunk)
    {
        while (bomMatched < Bom.Length && !chunk.IsEmpty)
        {
            if (chunk[0] != Bom[bomMatched])
            {
                bomChecked = true;
                AppendLine(Bom[..bomMatched]);
                return true;
            }

            bomMatched++;
            chunk = chunk[1..];
        }

        bomChecked = bomMatched == Bom.Length;
        return bomChecked;
    }

    private void ProcessLine(ReadOnlySpan<byte> text, ICollection<ServerSentEvent> events)
    {
        if (text.IsEmpty)
        {
            Dispatch(events);
            return;
        }

        if (text[0] == (byte)':')
        {
            return; // A comment: servers send these as keep-alives.
        }

        ReadOnlySpan<byte> name;
        ReadOnlySpan<byte> value;
        var colon = text.IndexOf((byte)':');
        if (colon < 0)
        {
            name = text;
            value = default;
        }
        else
        {
            name = text[..colon];
            value = text[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }
        }

        if (name.SequenceEqual("data"u8))
        {
            AppendData(value);
        }
        else if (name.SequenceEqual("event"u8))
        {
            eventType = eventTypeCache.Get(value);
        }
        else if (name.SequenceEqual("id"u8))
        {
            if (value.IndexOf((byte)0) < 0)
            {
                lastEventId = idCache.Get(value);
            }
        }
        else if (name.SequenceEqual("retry"u8))
        {
            if (TryParseDigits(value, out var milliseconds))
            {
                reconnectionTime = TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        // Any other field name is ignored, as the spec requires.
    }

    private void Dispatch(ICollection<ServerSentEvent> events)
    {
        if (!hasData)
        {
            eventType = null;
            return;
        }

        // Each data line appended a trailing LF; the last one is not part of the data.
        var text = dataLength <= 1 ? string.Empty : Encoding.UTF8.GetString(data, 0, dataLength - 1);
        events.Add(new ServerSentEvent(string.IsNullOrEmpty(eventType) ? ServerSentEvent.DefaultEventType : eventType, text, lastEventId, reconnectionTime));
        dataLength = 0;
        hasData = false;
        eventType = null;
    }

    private void AppendLine(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        EnsureCapacity(ref line, lineLength + bytes.Length);
        bytes.CopyTo(line.AsSpan(lineLength));
        lineLength += bytes.Length;
    }

    private void AppendData(ReadOnlySpan<byte> value)
    {
        EnsureCapacity(ref data, dataLength + value.Length + 1);
        value.CopyTo(data.AsSpan(dataLength));
        dataLength += value.Length;
        data[dataLength++] = (byte)'\n';
        hasData = true;
    }

    private void EnsureCapacity(ref byte[] buffer, int needed)
    {
        if (needed > maxBytes)
        {
            throw new InvalidDataException($"A Server-Sent Events line or event is larger than the {maxBytes:N0}-byte limit.");
        }

        if (needed <= buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes, Math.Max(needed, buffer.Length * 2)));
        buffer.AsSpan().CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = grown;
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> value, out long result)
    {
        result = 0;
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            // TimeSpan cannot hold more milliseconds than this; a larger value is as good as "never".
            if (result > (long)TimeSpan.MaxValue.TotalMilliseconds / 10 - 1)
            {
                return false;
            }

            result = result * 10 + (b - '0');
        }

        return true;
    }

    /// <summary>Remembers the last decoded value, so a stream repeating the same event type or ID allocates it once.</summary>
    private struct Utf8Cache
    {
        private byte[]? bytes;
        private string? text;

        public string Get(ReadOnlySpan<byte> value)
        {
            if (text is not null && bytes is not null && value.SequenceEqual(bytes))
            {
                return text;
            }

            if (value.IsEmpty)
            {
                return string.Empty;
            }

            text = Encoding.UTF8.GetString(value);
            bytes = value.Length <= 64 ? value.ToArray() : null;
            return text;
        }
    }
}
