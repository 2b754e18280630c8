using System.Collections.Concurrent;
using System.Diagnostics;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// A dispatcher in its own OS process (tests/ElsaWorkspaceAgents.Reliability.Worker, or another worker project such as
/// the queue consumer's), configured through environment variables so no secret is on its command line. Its console
/// output is kept for the secret scan.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        this.process = process;
    }

    public int Id => process.Id;

    public IReadOnlyCollection<string> Output => output.ToArray();

    public bool HasExited => process.HasExited;

    public const string DispatcherWorker = "ElsaWorkspaceAgents.Reliability.Worker";

    public const string QueueWorker = "ElsaWorkspaceAgents.Reliability.QueueWorker";

    public static async Task<WorkerProcess> StartAsync(IDictionary<string, string?> settings, string name, string project = DispatcherWorker)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorkerAssemblyPath(project));
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["WorkspaceAgents__Outbox__WorkerId"] = name;
        // Keep the seed's variables from the test environment out of the child.
        start.Environment.Remove("WORKSPACE_AGENT_ACCESS_TOKEN");
        start.Environment.Remove("WORKSPACE_AGENT_TRIGGER_ID");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Capture(e.Data);
        process.Exited += (_, _) => worker.ready.TrySetException(new InvalidOperationException(
            $"Worker {name} exited with code {process.ExitCode} before it was ready:\n{string.Join('\n', worker.Output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await worker.ready.Task.WaitAsync(TimeSpan.FromMinutes(1));
        return worker;
    }

    /// <summary>kill -9: SIGKILL to the process and its children, no shutdown code runs.</summary>
    public void KillHard()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit(10_000);
    }

    public int CountLines(string fragment) => output.Count(line => line.Contains(fragment, StringComparison.Ordinal));

    public void Dispose()
    {
        KillHard();
        process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        if (line.StartsWith("READY", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    /// <summary>The worker's build output next to this test assembly's: tests/&lt;project&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/.</summary>
    private static string WorkerAssemblyPath(string worker)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var testsFolder = here.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(testsFolder, worker, "bin", configuration, tfm, worker + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Build {worker} first (the test project's reference should have done it).", path);
    }
}
