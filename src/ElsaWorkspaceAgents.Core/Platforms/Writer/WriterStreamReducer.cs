using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>
/// Reduces the SSE stream of Writer's synchronous blueprint endpoint to progress updates and the final output:
/// <c>{"status", "message"}</c> events are progress, <c>{"delta"}</c> values are concatenated into the Return Value,
/// and <c>data: [DONE]</c> ends the run. Each update is yielded as soon as its event arrives.
/// </summary>
/// <remarks>
/// Writer's documentation shows its events one <c>data:</c> line after another. Should a server send them without
/// the blank lines between, a spec-compliant parser hands over one event whose data holds several JSON lines; the
/// reducer then reads each line on its own, so both framings reduce to the same updates. For the same reason the
/// last event is dispatched even when the stream closes without a final blank line.
/// </remarks>
public static class WriterStreamReducer
{
    private static readonly ServerSentEventsParserOptions ParserOptions = new() { DispatchUnterminatedEvent = true };

    /// <summary>Reads a Writer SSE response body. The last update is <see cref="WriterStreamUpdateKind.Done"/> or <see cref="WriterStreamUpdateKind.EndedEarly"/>.</summary>
    /// <exception cref="InvalidDataException">An event exceeds the parser's size limit.</exception>
    public static IAsyncEnumerable<WriterStreamUpdate> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReduceAsync(ServerSentEventsParser.ReadAsync(stream, ParserOptions, cancellationToken), cancellationToken);
    }

    /// <summary>Reduces already-parsed events (from any SSE source).</summary>
    public static async IAsyncEnumerable<WriterStreamUpdate> ReduceAsync(IAsyncEnumerable<ServerSentEvent> events,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = new State();
        var updates = new List<WriterStreamUpdate>(2);
        await foreach (var sse in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            state.Apply(sse.EventType, sse.Data, updates);
            foreach (var update in updates)
            {
                yield return update;
            }

            updates.Clear();
            if (state.Done)
            {
                // Anything after [DONE] is not part of the run; stop reading so the connection is released.
                yield break;
            }
        }

        yield return state.Snapshot(WriterStreamUpdateKind.EndedEarly);
    }

    private sealed class State
    {
        private readonly StringBuilder output = new();
        private string outputText = string.Empty;
        private bool outputStale;
        private string? status;
        private string? message;
        private string? error;

        public bool Done { get; private set; }

        public void Apply(string eventType, string data, List<WriterStreamUpdate> updates)
        {
            if (Done)
            {
                return;
            }

            if (string.Equals(data, ServerSentEvent.DoneSentinel, StringComparison.Ordinal))
            {
                Done = true;
                updates.Add(Snapshot(WriterStreamUpdateKind.Done));
                return;
            }

            if (TryParse(data, out var document))
            {
                using (document)
                {
                    ApplyJson(eventType, document.RootElement, updates);
                }

                return;
            }

            if (data.Contains('\n') && EveryLineIsAnEvent(data))
            {
                foreach (var part in data.Split('\n'))
                {
                    if (part.Length > 0)
                    {
                        Apply(eventType, part, updates);
                    }
                }

                return;
            }

            // Plain text: an error event's message, otherwise a piece of output.
            if (IsErrorEvent(eventType))
            {
                AddError(data, updates);
            }
            else
            {
                AddDelta(data, updates);
            }
        }

        public WriterStreamUpdate Snapshot(WriterStreamUpdateKind kind, string? delta = null) => new()
        {
            Kind = kind,
            Status = status,
            Message = kind == WriterStreamUpdateKind.Error ? error : message,
            Delta = delta,
            Output = Output,
            Error = error,
        };

        private string Output
        {
            get
            {
                if (outputStale)
                {
                    outputText = output.ToString();
                    outputStale = false;
                }

                return outputText;
            }
        }

        private void ApplyJson(string eventType, JsonElement root, List<WriterStreamUpdate> updates)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                var text = root.ValueKind == JsonValueKind.String ? root.GetString()! : root.GetRawText();
                if (IsErrorEvent(eventType))
                {
                    AddError(text, updates);
                }
                else
                {
                    AddDelta(text, updates);
                }

                return;
            }

            if (root.TryGetProperty("delta", out var delta))
            {
                if (delta.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                {
                    AddDelta(delta.ValueKind == JsonValueKind.String ? delta.GetString()! : delta.GetRawText(), updates);
                }

                return;
            }

            var messageText = StringOrNull(root, "message");
            if (root.TryGetProperty("error", out var errorValue) && errorValue.ValueKind is not (JsonValueKind.Null or JsonValueKind.False))
            {
                AddError(ErrorText(errorValue) ?? messageText ?? "The blueprint reported an error.", updates);
                return;
            }

            var statusText = StringOrNull(root, "status");
            if (IsErrorEvent(eventType) || statusText is "error" or "failed" or "failure")
            {
                if (statusText is not null)
                {
                    status = statusText;
                }

                AddError(messageText ?? statusText ?? root.GetRawText(), updates);
                return;
            }

            if (statusText is not null || root.TryGetProperty("message", out _))
            {
                status = statusText ?? status;
                message = messageText;
                updates.Add(Snapshot(WriterStreamUpdateKind.Status));
            }

            // Any other object is not part of the documented stream; it is ignored rather than guessed at.
        }

        private void AddDelta(string delta, List<WriterStreamUpdate> updates)
        {
            if (delta.Length == 0)
            {
                return;
            }

            output.Append(delta);
            outputStale = true;
            updates.Add(Snapshot(WriterStreamUpdateKind.Delta, delta));
        }

        private void AddError(string text, List<WriterStreamUpdate> updates)
        {
            error ??= text;
            updates.Add(Snapshot(WriterStreamUpdateKind.Error) with { Message = text });
        }

        private static bool IsErrorEvent(string eventType) => string.Equals(eventType, "error", StringComparison.OrdinalIgnoreCase);

        private static bool EveryLineIsAnEvent(string data)
        {
            foreach (var part in data.Split('\n'))
            {
                if (part.Length == 0 || string.Equals(part, ServerSentEvent.DoneSentinel, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!TryParse(part, out var document))
                {
                    return false;
                }

                document.Dispose();
            }

            return true;
        }

        private static bool TryParse(string text, out JsonDocument document)
        {
            document = null!;
            var trimmed = text.AsSpan().TrimStart();
            if (trimmed.IsEmpty || trimmed[0] is not ('{' or '[' or '"'))
            {
                return false; // Plain text; skip the exception a failed parse would cost.
            }

            try
            {
                document = JsonDocument.Parse(text);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static string? StringOrNull(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string? ErrorText(JsonElement error) => error.ValueKind switch
        {
            JsonValueKind.String => error.GetString(),
            JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
            JsonValueKind.True => null,
            _ => error.GetRawText(),
        };
    }
}
