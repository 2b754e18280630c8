using System.Diagnostics;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>
/// Runs a documentation curl command line through bash, after pointing its host at the emulator and filling the
/// documentation's placeholders with the demo fixture's values. Nothing else in the command is changed.
/// </summary>
internal static class Curl
{
    public static async Task<string> RunAsync(string commandLine, Uri emulator, IReadOnlyDictionary<string, string>? extra = null)
    {
        var host = emulator.GetLeftPart(UriPartial.Authority);
        var command = commandLine
            .Replace("https://engine.yourinstance.com", host, StringComparison.Ordinal)
            .Replace("http://localhost:7091", host, StringComparison.Ordinal)
            .Replace("https://api.writer.com", host, StringComparison.Ordinal)
            .Replace("{apiToken}", DemoFixture.GptWorkbenchToken, StringComparison.Ordinal)
            .Replace("{token}", DemoFixture.GptWorkbenchToken, StringComparison.Ordinal)
            .Replace("your_webhook_token", DemoFixture.DocsGptToken, StringComparison.Ordinal)
            .Replace("<your_api_key>", DemoFixture.WriterApiKey, StringComparison.Ordinal);
        foreach (var (placeholder, value) in extra ?? new Dictionary<string, string>())
        {
            command = command.Replace(placeholder, value, StringComparison.Ordinal);
        }

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"curl exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
