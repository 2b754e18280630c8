using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Keys;

namespace ElsaWorkspaceAgents.Core.Input;

/// <summary>
/// Turns a <see cref="SourceEvent"/> into the plain-text message an agent receives.
/// The text is deterministic (same event, same text: payload keys are sorted, nothing depends on the clock),
/// readable by a person pasting it into Preview, and carries the request ID and destination on lines of
/// their own so the agent can echo them and the write can be verified.
/// </summary>
/// <remarks>
/// Deliberately no template engine: an Elsa host already loads Liquid and JavaScript, and a second engine
/// with its own syntax would clash with them in the designer.
/// </remarks>
public static class AgentInputBuilder
{
    /// <summary>The line prefix the agent looks for to find the request ID.</summary>
    public const string RequestIdLabel = "Request ID: ";

    /// <summary>The line prefix naming the destination.</summary>
    public const string DestinationLabel = "Destination: ";

    /// <summary>Said instead of a request ID line, so a well-instructed agent asks rather than writes an ambiguous update.</summary>
    public const string MissingRequestIdNotice =
        "No request ID was provided. Ask for a request ID and do not write an update.";

    private static readonly JsonWriterOptions PayloadWriterOptions = new()
    {
        Indented = true,
        // Readable text for the agent: keep non-ASCII letters as they are; the HTTP body is JSON-encoded later anyway.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Builds the input text.</summary>
    /// <param name="sourceEvent">The event to describe.</param>
    /// <param name="maxLength">The platform's input limit (see <see cref="PlatformInputLimits"/>).</param>
    /// <exception cref="AgentInputException">The event is incomplete, contains invalid text, or the result exceeds <paramref name="maxLength"/>.</exception>
    public static AgentInput Build(SourceEvent sourceEvent, int maxLength = PlatformInputLimits.UndocumentedDefault)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        Require(sourceEvent.SourceSystem, "source system");
        Require(sourceEvent.EventType, "event type");
        Require(sourceEvent.EventId, "event ID");

        var text = RentBuilder();
        text.Append("Source event from ").Append(OneLine(sourceEvent.SourceSystem)).Append(": ")
            .Append(OneLine(sourceEvent.EventType)).Append('\n');

        if (string.IsNullOrWhiteSpace(sourceEvent.RequestId))
        {
            text.Append(MissingRequestIdNotice).Append('\n');
        }
        else
        {
            text.Append(RequestIdLabel).Append(OneLine(sourceEvent.RequestId)).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(sourceEvent.Destination))
        {
            text.Append(DestinationLabel).Append(OneLine(sourceEvent.Destination)).Append('\n');
        }

        text.Append("Event ID: ").Append(OneLine(sourceEvent.EventId)).Append('\n');

        if (!string.IsNullOrWhiteSpace(sourceEvent.EntityId))
        {
            text.Append("Entity: ").Append(OneLine(sourceEvent.EntityId)).Append('\n');
        }

        if (sourceEvent.OccurredAt is { } occurredAt)
        {
            text.Append("Occurred at: ")
                .Append(occurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(sourceEvent.Summary))
        {
            ValidateUnicode(sourceEvent.Summary, "summary");
            text.Append("Update: ").Append(sourceEvent.Summary.Trim()).Append('\n');
        }

        if (sourceEvent.Payload is { } payload && payload.ValueKind is not JsonValueKind.Undefined)
        {
            string json;
            try
            {
                json = CanonicalJson(payload);
            }
            catch (InvalidOperationException exception)
            {
                // System.Text.Json refuses to re-write a string holding an escaped lone surrogate ("\ud800"):
                // the same clear refusal as any other invalid text, never an unexpected exception.
                throw new AgentInputException($"The source event's payload contains invalid Unicode (an unpaired surrogate): {exception.Message}", nameof(sourceEvent));
            }

            text.Append('\n').Append("Event payload:").Append('\n').Append(json).Append('\n');
        }

        var result = text.ToString();
        ReturnBuilder(text);
        ValidateUnicode(result, "payload");
        if (result.Length > maxLength)
        {
            throw new AgentInputException(
                $"The agent input is {result.Length:N0} characters; this platform accepts at most {maxLength:N0}. " +
                "Send a smaller payload or a shorter summary.", nameof(sourceEvent));
        }

        return new AgentInput(result);
    }

    /// <summary>
    /// Builds the input for a trigger through <paramref name="connection"/>: the connection's output destination
    /// (<c>WORKSPACE_AGENT_OUTPUT_DESTINATION</c>) labels the input when the event names none, and the limit is the one
    /// that trigger call enforces (<see cref="PlatformInputLimits.For(AgentConnection)"/>), so an input that builds also sends.
    /// </summary>
    /// <exception cref="AgentInputException">The event is incomplete, contains invalid text, or the result is too long.</exception>
    public static AgentInput Build(SourceEvent sourceEvent, AgentConnection connection)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        ArgumentNullException.ThrowIfNull(connection);
        var withDestination = string.IsNullOrWhiteSpace(sourceEvent.Destination) && !string.IsNullOrWhiteSpace(connection.OutputDestination)
            ? sourceEvent with { Destination = connection.OutputDestination }
            : sourceEvent;
        return Build(withDestination, PlatformInputLimits.For(connection));
    }

    /// <summary>
    /// <see cref="Build(SourceEvent, AgentConnection)"/> from a connection's non-secret description: the same destination
    /// and limit, for code that has no business holding the connection's credential (designers, activities).
    /// </summary>
    /// <exception cref="AgentInputException">The event is incomplete, contains invalid text, or the result is too long.</exception>
    public static AgentInput Build(SourceEvent sourceEvent, AgentConnectionDescriptor connection)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        ArgumentNullException.ThrowIfNull(connection);
        var withDestination = string.IsNullOrWhiteSpace(sourceEvent.Destination) && connection.OutputDestination is not null
            ? sourceEvent with { Destination = connection.OutputDestination }
            : sourceEvent;
        return Build(withDestination, connection.MaxInputLength);
    }

    /// <summary>
    /// Renders JSON with object keys in ordinal order and fixed indentation, so two deliveries of the same
    /// payload with keys in a different order produce the same text.
    /// </summary>
    public static string CanonicalJson(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, PayloadWriterOptions))
        {
            WriteCanonical(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// One builder per thread, reused: the input is built on every trigger call, and a fresh builder (grown once past
    /// its first chunk) cost more than the text itself. A builder left holding a huge payload is dropped, not kept.
    /// </summary>
    [ThreadStatic]
    private static StringBuilder? cachedBuilder;

    private const int MaxCachedBuilderCapacity = 16 * 1024;

    private static StringBuilder RentBuilder()
    {
        var builder = cachedBuilder;
        if (builder is null)
        {
            return new StringBuilder(512);
        }

        // Taken out while in use, so a nested or failed build never shares it.
        cachedBuilder = null;
        return builder.Clear();
    }

    private static void ReturnBuilder(StringBuilder builder)
    {
        if (builder.Capacity <= MaxCachedBuilderCapacity)
        {
            cachedBuilder = builder;
        }
    }

    private static void Require(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AgentInputException($"The source event's {what} is required.");
        }
    }

    private static void ValidateUnicode(string value, string what)
    {
        if (!KeyPartValidator.IsWellFormed(value))
        {
            throw new AgentInputException($"The source event's {what} contains invalid Unicode (an unpaired surrogate).");
        }
    }

    /// <summary>
    /// Collapses control characters (CR, LF, tabs, …) in single-line fields to spaces: a request ID carrying a
    /// newline could otherwise forge a second "Request ID:" line.
    /// </summary>
    private static string OneLine(string value)
    {
        ValidateUnicode(value, "fields");
        var trimmed = value.Trim();
        if (!trimmed.AsSpan().ContainsAnyInRange('\0', '\u001f') && !trimmed.Contains('\u007f'))
        {
            return trimmed;
        }

        return string.Create(trimmed.Length, trimmed, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }
}
