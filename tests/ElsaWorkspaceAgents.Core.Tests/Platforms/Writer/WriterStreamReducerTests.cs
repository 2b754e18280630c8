using System.Text;
using ElsaWorkspaceAgents.Core.Platforms.Writer;

namespace ElsaWorkspaceAgents.Core.Tests.Platforms.Writer;

public sealed class WriterStreamReducerTests
{
    /// <summary>The seed's example response, one event per line as Writer's documentation prints it.</summary>
    private static readonly string[] SeedLines =
    [
        "data: {\"status\":\"in progress\",\"message\":null}",
        "data: {\"status\":\"initializing\",\"message\":\"Initializing session...\"}",
        "data: {\"status\":\"validating\",\"message\":\"Validating blueprint...\"}",
        "data: {\"status\":\"executing\",\"message\":\"Executing blueprint: ooamr04yng7...\"}",
        "data: {\"status\":\"running\",\"message\":\"Blueprint is running. Awaiting output...\"}",
        "data: {\"status\":\"processing\",\"message\":\"Processing blueprint result...\"}",
        "data: {\"delta\":\"Document processed and routed to accounting team\"}",
        "data: [DONE]",
    ];

    [Theory]
    [InlineData("\n\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("\n")]
    public async Task The_seed_example_reduces_to_six_statuses_one_delta_and_done(string separator)
    {
        // "\n" alone is the documentation's literal framing: one spec event with eight data lines.
        var updates = await ReduceAsync(string.Join(separator, SeedLines) + separator);

        Assert.Equal(
            ["in progress", "initializing", "validating", "executing", "running", "processing"],
            updates.Where(u => u.Kind == WriterStreamUpdateKind.Status).Select(u => u.Status));
        Assert.Equal("Executing blueprint: ooamr04yng7...", updates[3].Message);
        Assert.Null(updates[0].Message);
        var delta = Assert.Single(updates, u => u.Kind == WriterStreamUpdateKind.Delta);
        Assert.Equal("Document processed and routed to accounting team", delta.Delta);
        var last = updates[^1];
        Assert.Equal(WriterStreamUpdateKind.Done, last.Kind);
        Assert.True(last.IsFinal);
        Assert.Equal("Document processed and routed to accounting team", last.Output);
        Assert.Equal("processing", last.Status);
        Assert.Null(last.Error);
    }

    [Fact]
    public async Task The_last_event_counts_even_without_a_closing_blank_line()
    {
        var updates = await ReduceAsync("data: {\"delta\":\"abc\"}\n\ndata: [DONE]");

        Assert.Equal(WriterStreamUpdateKind.Done, updates[^1].Kind);
        Assert.Equal("abc", updates[^1].Output);
    }

    [Fact]
    public async Task Deltas_are_concatenated_in_order_and_output_grows()
    {
        var updates = await ReduceAsync(
            "event: delta\ndata: {\"delta\":\"Document proce\"}\n\n: keep-alive\n\nevent: delta\ndata: {\"delta\":\"ssed and routed\"}\n\n" +
            "data: {\"delta\":\"\"}\n\ndata: {\"delta\":null}\n\ndata: {\"delta\":\" to accounting team\"}\n\ndata: [DONE]\n\n");

        Assert.Equal(["Document proce", "Document processed and routed", "Document processed and routed to accounting team"],
            updates.Where(u => u.Kind == WriterStreamUpdateKind.Delta).Select(u => u.Output));
        Assert.Equal("Document processed and routed to accounting team", updates[^1].Output);
    }

    [Fact]
    public async Task A_json_return_value_arrives_as_a_string_and_parses_back()
    {
        var updates = await ReduceAsync("data: {\"delta\":\"{\\\"routed_to\\\":\\\"accounting\\\"}\"}\n\ndata: [DONE]\n\n");

        var output = updates[^1].Output;
        Assert.Equal("{\"routed_to\":\"accounting\"}", output);
        Assert.True(WriterArtifact.TryParseJson(output, out var json));
        Assert.Equal("accounting", json.GetProperty("routed_to").GetString());
    }

    [Theory]
    [InlineData("data: {\"status\":\"error\",\"message\":\"Blueprint failed\"}\n\n")]
    [InlineData("data: {\"error\":\"Blueprint failed\"}\n\n")]
    [InlineData("data: {\"error\":{\"message\":\"Blueprint failed\"}}\n\n")]
    [InlineData("event: error\ndata: {\"message\":\"Blueprint failed\"}\n\n")]
    [InlineData("event: error\ndata: Blueprint failed\n\n")]
    public async Task Errors_are_reported_as_they_happen_and_kept_on_the_final_update(string errorEvent)
    {
        var updates = await ReduceAsync("data: {\"status\":\"executing\",\"message\":\"Executing...\"}\n\n" + errorEvent + "data: [DONE]\n\n");

        var error = Assert.Single(updates, u => u.Kind == WriterStreamUpdateKind.Error);
        Assert.Equal("Blueprint failed", error.Message);
        Assert.Equal("Blueprint failed", updates[^1].Error);
        Assert.Equal(WriterStreamUpdateKind.Done, updates[^1].Kind);
    }

    [Fact]
    public async Task A_stream_without_done_ends_early()
    {
        var updates = await ReduceAsync("data: {\"status\":\"running\",\"message\":null}\n\ndata: {\"delta\":\"partial\"}\n\n");

        Assert.Equal(WriterStreamUpdateKind.EndedEarly, updates[^1].Kind);
        Assert.True(updates[^1].IsFinal);
        Assert.Equal("partial", updates[^1].Output);
    }

    [Fact]
    public async Task Nothing_after_done_is_read()
    {
        var updates = await ReduceAsync("data: {\"delta\":\"a\"}\n\ndata: [DONE]\n\ndata: {\"delta\":\"b\"}\n\n");

        Assert.Equal(WriterStreamUpdateKind.Done, updates[^1].Kind);
        Assert.Equal("a", updates[^1].Output);
    }

    [Fact]
    public async Task Plain_text_data_is_output_and_multi_line_text_keeps_its_line_breaks()
    {
        var updates = await ReduceAsync("data: first line\ndata: second line\n\ndata: [DONE]\n\n");

        Assert.Equal("first line\nsecond line", updates[^1].Output);
    }

    [Fact]
    public async Task Unknown_json_objects_are_ignored()
    {
        var updates = await ReduceAsync("data: {\"usage\":{\"tokens\":3}}\n\ndata: {\"delta\":\"x\"}\n\ndata: [DONE]\n\n");

        Assert.Equal([WriterStreamUpdateKind.Delta, WriterStreamUpdateKind.Done], updates.Select(u => u.Kind));
    }

    [Fact]
    public async Task Byte_at_a_time_gives_the_same_updates()
    {
        var text = string.Join("\r\n\r\n", SeedLines) + "\r\n\r\n";
        var whole = await ReduceAsync(text);

        var updates = new List<WriterStreamUpdate>();
        await using var stream = new OneByteAtATimeStream(Encoding.UTF8.GetBytes(text));
        await foreach (var update in WriterStreamReducer.ReadAsync(stream))
        {
            updates.Add(update);
        }

        Assert.Equal(whole, updates);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("Document processed and routed to accounting team", false)]
    [InlineData("{\"a\":1}", true)]
    [InlineData("[1,2]", true)]
    public void Artifact_parses_only_when_it_is_json(string? artifact, bool parses)
    {
        Assert.Equal(parses, WriterArtifact.TryParseJson(artifact, out _));
    }

    private static async Task<List<WriterStreamUpdate>> ReduceAsync(string text)
    {
        var updates = new List<WriterStreamUpdate>();
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await foreach (var update in WriterStreamReducer.ReadAsync(stream))
        {
            updates.Add(update);
        }

        return updates;
    }
}
