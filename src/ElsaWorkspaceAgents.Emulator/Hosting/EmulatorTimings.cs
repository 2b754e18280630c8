namespace ElsaWorkspaceAgents.Emulator.Hosting;

/// <summary>
/// Simulated processing delays. They use the real clock (not <see cref="EmulatorOptions.TimeProvider"/>) so background work
/// keeps moving while a test freezes or advances the fake clock that drives windows and timestamps.
/// </summary>
public sealed class EmulatorTimings
{
    /// <summary>Between a Workspace Agents 202 and the run executing.</summary>
    public TimeSpan WorkspaceAgentRunDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>GPT Workbench: queued to processing.</summary>
    public TimeSpan GptWorkbenchQueueDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>GPT Workbench: processing to completed/failed.</summary>
    public TimeSpan GptWorkbenchProcessingDelay { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>DocsGPT: time spent in each task state.</summary>
    public TimeSpan DocsGptStepDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Writer: pause between SSE events of the synchronous endpoint.</summary>
    public TimeSpan WriterStreamEventDelay { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Writer: time spent in each async job state.</summary>
    public TimeSpan WriterJobStepDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>GPT Workbench completion webhooks: first retry delay, doubled for each further attempt.</summary>
    public TimeSpan WebhookRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>GPT Workbench completion webhooks: total attempts (first try included).</summary>
    public int WebhookMaxAttempts { get; set; } = 4;

    /// <summary>GPT Workbench completion webhooks: per-attempt timeout.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Near-zero delays for fast tests (still asynchronous).</summary>
    public static EmulatorTimings Fast() => new()
    {
        WorkspaceAgentRunDelay = TimeSpan.FromMilliseconds(5),
        GptWorkbenchQueueDelay = TimeSpan.FromMilliseconds(5),
        GptWorkbenchProcessingDelay = TimeSpan.FromMilliseconds(10),
        DocsGptStepDelay = TimeSpan.FromMilliseconds(5),
        WriterStreamEventDelay = TimeSpan.FromMilliseconds(2),
        WriterJobStepDelay = TimeSpan.FromMilliseconds(5),
        WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(20),
    };

    internal static Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
}
