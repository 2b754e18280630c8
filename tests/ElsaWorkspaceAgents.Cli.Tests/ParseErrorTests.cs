using System.Text.Json;

namespace ElsaWorkspaceAgents.Cli.Tests;

public sealed class ParseErrorTests
{
    [Fact]
    public async Task With_json_a_parse_error_is_one_json_document_on_stdout()
    {
        var run = await CliRun.InvokeAsync("trigger", "--json", "--no-such-option", "x");

        Assert.Equal(2, run.ExitCode);
        var document = run.Json;
        Assert.Equal(JsonValueKind.Object, document.ValueKind);
        Assert.Contains("--no-such-option", document.GetProperty("error").GetString());
        Assert.Equal(2, document.GetProperty("exitCode").GetInt32());
        Assert.NotEmpty(document.GetProperty("errors").EnumerateArray());
        Assert.DoesNotContain("Usage:", run.Stdout);
    }

    [Fact]
    public async Task Without_json_a_parse_error_still_shows_the_help_text()
    {
        var run = await CliRun.InvokeAsync("trigger", "--no-such-option", "x");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--no-such-option", run.Stderr + run.Stdout);
        Assert.Contains("Usage:", run.Stdout);
    }
}
