using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Common;

/// <summary>
/// Drains <see cref="BackgroundWorkQueue"/>. Items run concurrently (they mostly await simulated delays), bounded so a
/// burst of 10,000 triggers cannot start 10,000 timers at once.
/// </summary>
internal sealed partial class BackgroundWorkProcessor(BackgroundWorkQueue queue, ILogger<BackgroundWorkProcessor> logger) : BackgroundService
{
    private const int MaxConcurrency = 512;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrency);
        var running = new List<Task>();
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                running.Add(RunAsync(work, slots, stoppingToken));
                if (running.Count > MaxConcurrency * 4)
                {
                    running.RemoveAll(t => t.IsCompleted);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: in-flight work sees the same token and stops.
        }
        finally
        {
            queue.Complete();
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunAsync(Func<CancellationToken, Task> work, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await work(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogWorkFailed(logger, ex);
        }
        finally
        {
            queue.MarkFinished();
            slots.Release();
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "A background work item failed.")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception);
}
