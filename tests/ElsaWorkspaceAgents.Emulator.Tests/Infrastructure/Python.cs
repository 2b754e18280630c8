using System.Diagnostics;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>
/// Runs a documentation Python snippet with a Python 3 interpreter that has <c>requests</c>, after pointing its host at
/// the emulator. Nothing else in the snippet is changed: the API key comes from the process environment
/// (<c>WRITER_API_KEY</c>), exactly as the snippet reads it.
/// </summary>
internal static class Python
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Debian's interpreter first (its <c>python3-requests</c> package is what CI installs), then PATH.</summary>
    private static readonly string[] Candidates = ["/usr/bin/python3", "python3"];

    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The first candidate interpreter that can <c>import requests</c>, or null when there is none.</summary>
    public static string? Interpreter => Found.Value;

    public static string SkipReason =>
        $"No Python 3 interpreter with the 'requests' package was found (tried {string.Join(", ", Candidates)}); "
        + "install Debian's python3-requests (apt-get install python3-requests) to run the seeds' Python examples.";

    public static async Task<string> RunAsync(string snippet, Uri emulator)
    {
        var interpreter = Interpreter ?? throw new InvalidOperationException(SkipReason);
        var host = emulator.GetLeftPart(UriPartial.Authority);
        var code = snippet.Replace("https://api.writer.com", host, StringComparison.Ordinal);

        var script = Path.Combine(Path.GetTempPath(), $"seed-example-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, code);
        try
        {
            var start = Start(interpreter);
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(script);
            start.Environment["WRITER_API_KEY"] = DemoFixture.WriterApiKey;
            var (exitCode, stdout, stderr) = await RunAsync(start, RunTimeout);
            Assert.True(exitCode == 0, $"python exited {exitCode}: {stderr}");
            return stdout;
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string? Find()
    {
        foreach (var candidate in Candidates)
        {
            try
            {
                var start = Start(candidate);
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("import sys, requests; assert sys.version_info[0] == 3");
                var (exitCode, _, _) = RunAsync(start, ProbeTimeout).GetAwaiter().GetResult();
                if (exitCode == 0)
                {
                    return candidate;
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
            {
                // Not installed or hung: try the next one.
            }
        }

        return null;
    }

    private static ProcessStartInfo Start(string interpreter)
    {
        var start = new ProcessStartInfo(interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        // requests honours proxy variables; the emulator is on loopback and must be reached directly.
        start.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        start.Environment["no_proxy"] = "127.0.0.1,localhost";
        return start;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{start.FileName} did not finish within {timeout.TotalSeconds:0}s; it was killed. stdout: {await stdout} stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// A test that runs Python with <c>requests</c>: reported as skipped, with the reason, when no such interpreter is found.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (Python.Interpreter is null)
        {
            Skip = Python.SkipReason;
        }
    }
}
