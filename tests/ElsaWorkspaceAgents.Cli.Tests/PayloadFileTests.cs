namespace ElsaWorkspaceAgents.Cli.Tests;

public sealed class PayloadFileTests
{
    [Fact]
    public async Task A_payload_file_with_invalid_utf8_is_refused_before_anything_is_built_or_sent()
    {
        var path = Path.Combine(Path.GetTempPath(), $"payload-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        try
        {
            var run = await CliRun.InvokeAsync("preview", "--trigger-id", "agtch_demo", "--payload-file", path, "--token-env", "UNSET_" + Guid.NewGuid().ToString("N"));

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("not valid UTF-8", run.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_payload_file_is_a_clear_invalid_input()
    {
        var run = await CliRun.InvokeAsync("preview", "--trigger-id", "agtch_demo", "--payload-file", "/nonexistent/payload.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("payload.json", run.Stderr);
    }
}
