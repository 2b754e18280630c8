using System.Text;
using ElsaWorkspaceAgents.Core.Platforms.Writer;

namespace ElsaWorkspaceAgents.Core.Tests.Platforms.Writer;

public sealed class ServerSentEventsParserTests
{
    [Theory]
    [InlineData("data: hello\n\n", "hello")]
    [InlineData("data:hello\n\n", "hello")]
    [InlineData("data:  two spaces\n\n", " two spaces")]
    [InlineData("data:\n\n", "")]
    [InlineData("data\n\n", "")]
    [InlineData("data: a:b: c\n\n", "a:b: c")]
    public void Data_field_removes_exactly_one_leading_space(string stream, string expected)
    {
        var events = Parse(stream);

        var single = Assert.Single(events);
        Assert.Equal(expected, single.Data);
        Assert.Equal(ServerSentEvent.DefaultEventType, single.EventType);
    }

    [Fact]
    public void Multi_line_data_is_joined_with_line_feeds_without_a_trailing_one()
    {
        var single = Assert.Single(Parse("data: first\ndata:second\ndata\ndata: fourth\n\n"));

        Assert.Equal("first\nsecond\n\nfourth", single.Data);
    }

    [Fact]
    public void Event_field_sets_the_type_for_one_event_only()
    {
        var events = Parse("event: status\ndata: a\n\ndata: b\n\nevent:\ndata: c\n\nevent: delta\nevent: done\ndata: d\n\n");

        Assert.Equal(["status", "message", "message", "done"], events.Select(e => e.EventType));
        Assert.Equal(["a", "b", "c", "d"], events.Select(e => e.Data));
    }

    [Fact]
    public void Id_persists_across_events_and_is_ignored_when_it_contains_nul()
    {
        var events = Parse("id: 1\ndata: a\n\ndata: b\n\nid: 2\0x\ndata: c\n\nid\ndata: d\n\n");

        Assert.Equal(["1", "1", "1", ""], events.Select(e => e.LastEventId));
    }

    [Fact]
    public void Retry_accepts_only_ascii_digits()
    {
        var events = Parse("retry: 3000\ndata: a\n\nretry: 5s\ndata: b\n\nretry:\ndata: c\n\nretry: -1\ndata: d\n\nretry:250\ndata: e\n\n");

        Assert.Equal(
            [TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(250)],
            events.Select(e => e.ReconnectionTime!.Value));
        Assert.Null(Parse("data: x\n\n")[0].ReconnectionTime);
    }

    [Fact]
    public void Comments_and_unknown_fields_are_ignored()
    {
        var events = Parse(": keep-alive\n:\ndata: a\n: in the middle\nfoo: bar\nDATA: shouting is another field\ndata: b\n\n: trailing\n\n");

        var single = Assert.Single(events);
        Assert.Equal("a\nb", single.Data);
    }

    [Fact]
    public void A_blank_line_without_data_dispatches_nothing_and_resets_the_event_type()
    {
        var events = Parse("\n\nevent: status\n\ndata: after\n\n");

        var single = Assert.Single(events);
        Assert.Equal("message", single.EventType);
        Assert.Equal("after", single.Data);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Every_line_ending_is_understood(string newline)
    {
        var stream = $"event: status{newline}data: one{newline}data: two{newline}{newline}data: [DONE]{newline}{newline}";

        var events = Parse(stream);

        Assert.Equal(2, events.Count);
        Assert.Equal("one\ntwo", events[0].Data);
        Assert.Equal("status", events[0].EventType);
        Assert.True(events[1].IsDone);
    }

    [Fact]
    public void Mixed_line_endings_in_one_stream()
    {
        var events = Parse("data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r");

        Assert.Equal(["a\nb\nc", "d"], events.Select(e => e.Data));
    }

    [Fact]
    public void Done_sentinel_is_an_ordinary_event_that_reports_itself()
    {
        var events = Parse("data: [DONE]\n\ndata: [DONE] \n\ndata: after\n\n");

        Assert.Equal([true, false, false], events.Select(e => e.IsDone));
    }

    [Fact]
    public void One_leading_bom_is_skipped_and_only_one()
    {
        var bom = "\uFEFF";
        Assert.Equal("a", Assert.Single(Parse(bom + "data: a\n\n")).Data);

        // A second BOM makes the first field name "\uFEFFdata", which is not "data": ignored.
        Assert.Empty(Parse(bom + bom + "data: a\n\n"));
    }

    [Fact]
    public void A_partial_bom_is_ordinary_text()
    {
        using var parser = new ServerSentEventsParser();
        var events = new List<ServerSentEvent>();
        parser.Parse([0xEF], events);
        parser.Parse("\n"u8, events);
        parser.Parse("data: a\n\n"u8, events);

        Assert.Equal("a", Assert.Single(events).Data);
    }

    [Fact]
    public void An_unterminated_event_is_discarded_unless_asked_for()
    {
        Assert.Empty(Parse("data: a"));
        Assert.Empty(Parse("data: a\n"));

        var lenient = new ServerSentEventsParserOptions { DispatchUnterminatedEvent = true };
        Assert.Equal("a", Assert.Single(Parse("data: a", lenient)).Data);
        Assert.Equal("a\nb", Assert.Single(Parse("data: a\ndata: b\n", lenient)).Data);
        Assert.Empty(Parse(": only a comment", lenient));
    }

    [Fact]
    public void Multi_byte_characters_survive_any_split()
    {
        const string text = "data: héllo € 𝄞 日本\n\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var events = ParseInTwo(bytes, split);
            Assert.Equal("héllo € 𝄞 日本", Assert.Single(events).Data);
        }
    }

    [Fact]
    public void Splitting_the_stream_at_any_byte_gives_the_same_events()
    {
        var bytes = Encoding.UTF8.GetBytes(KitchenSink);
        var expected = Parse(KitchenSink);
        Assert.Equal(8, expected.Count);

        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal(expected, ParseInTwo(bytes, split));
        }
    }

    [Fact]
    public async Task Reading_a_stream_one_byte_at_a_time_gives_the_same_events()
    {
        var expected = Parse(KitchenSink);

        var events = new List<ServerSentEvent>();
        await using var stream = new OneByteAtATimeStream(Encoding.UTF8.GetBytes(KitchenSink));
        await foreach (var e in ServerSentEventsParser.ReadAsync(stream))
        {
            events.Add(e);
        }

        Assert.Equal(expected, events);
    }

    [Fact]
    public async Task Events_are_yielded_as_soon_as_their_blank_line_arrives()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        await using var reader = pipe.Reader.AsStream();
        await using var enumerator = ServerSentEventsParser.ReadAsync(reader).GetAsyncEnumerator();

        await pipe.Writer.WriteAsync("data: first\n\ndata: sec"u8.ToArray());
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("first", enumerator.Current.Data);

        var next = enumerator.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        await pipe.Writer.WriteAsync("ond\n\n"u8.ToArray());
        Assert.True(await next);
        Assert.Equal("second", enumerator.Current.Data);

        await pipe.Writer.CompleteAsync();
        Assert.False(await enumerator.MoveNextAsync());
    }

    [Fact]
    public void Oversized_lines_and_events_are_refused()
    {
        var options = new ServerSentEventsParserOptions { MaxEventBytes = 64 };
        Assert.Throws<InvalidDataException>(() => Parse("data: " + new string('x', 100) + "\n\n", options));
        Assert.Throws<InvalidDataException>(() => Parse(string.Concat(Enumerable.Repeat("data: 0123456789\n", 10)) + "\n", options));

        // Just under the limit is fine, and buffers are reused across events.
        var events = Parse(string.Concat(Enumerable.Repeat("data: " + new string('y', 50) + "\n\n", 20)), options);
        Assert.Equal(20, events.Count);
    }

    [Fact]
    public void Large_events_grow_the_buffers()
    {
        var big = new string('z', 100_000);
        Assert.Equal(big, Assert.Single(Parse($"data: {big}\n\n")).Data);
        Assert.Equal(big + "\n" + big, Assert.Single(Parse($"data: {big}\ndata: {big}\n\n")).Data);
    }

    [Fact]
    public void The_parser_can_be_reused_after_complete()
    {
        using var parser = new ServerSentEventsParser();
        var events = new List<ServerSentEvent>();
        parser.Parse("id: 7\nevent: status\ndata: dangling"u8, events);
        parser.Complete(events);
        parser.Parse("data: fresh\n\n"u8, events);

        var single = Assert.Single(events);
        Assert.Equal("fresh", single.Data);
        Assert.Equal("message", single.EventType);
        Assert.Equal("7", single.LastEventId);
        Assert.Equal("7", parser.LastEventId);
    }

    [Fact]
    public void Steady_state_parsing_allocates_little_more_than_the_data_strings()
    {
        const int count = 2_000;
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("event: status\r\nid: 7\r\n: keep-alive\r\ndata: abc\r\n\r\n", count)));
        using var parser = new ServerSentEventsParser();
        var events = new List<ServerSentEvent>(count);
        parser.Parse(bytes, events); // warm up: JIT, buffers, cached event type and ID
        events.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        parser.Parse(bytes, events);
        var perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;

        Assert.Equal(count, events.Count);
        Assert.Equal("status", events[^1].EventType);

        // A 3-character string costs 32 bytes; decoding each line or field would cost several times that.
        Assert.True(perEvent <= 48, $"{perEvent:0.#} bytes per event");
    }

    /// <summary>Every construct at once, with CRLF, CR and LF line ends, a BOM and multi-byte text.</summary>
    private const string KitchenSink =
        "\uFEFFretry: 3000\r\n" +
        ": keep-alive\r\n" +
        "event: status\r\n" +
        "id: evt-1\r\n" +
        "data: {\"status\":\"in progress\",\"message\":null}\r\n\r\n" +
        "data:{\"status\":\"initializing\"}\n\n" +
        ": ping\r" +
        "event: delta\r" +
        "data: {\"delta\":\"Dokument verarbeitet – \"}\r\r" +
        "data: line one\ndata: line two\n\n" +
        "id: evt-2\nevent: delta\ndata: {\"delta\":\"€ 𝄞\"}\n\n" +
        "event: status\nunknown: field\ndata\n\n" +
        "data: tail with colon: yes\r\n\r\n" +
        "data: [DONE]\r\n\r\n" +
        "data: never dispatched";

    private static List<ServerSentEvent> Parse(string text, ServerSentEventsParserOptions? options = null)
    {
        using var parser = new ServerSentEventsParser(options);
        var events = new List<ServerSentEvent>();
        parser.Parse(Encoding.UTF8.GetBytes(text), events);
        parser.Complete(events);
        return events;
    }

    private static List<ServerSentEvent> ParseInTwo(byte[] bytes, int split)
    {
        using var parser = new ServerSentEventsParser();
        var events = new List<ServerSentEvent>();
        parser.Parse(bytes.AsSpan(0, split), events);
        parser.Parse(bytes.AsSpan(split), events);
        parser.Complete(events);
        return events;
    }
}
