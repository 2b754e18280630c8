namespace ElsaWorkspaceAgents.Outbox.Dispatching;

/// <summary>Wakes an idle dispatcher in the same process when something is enqueued, instead of waiting for the next poll.</summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: several enqueues during one sleep need only one claim round.
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another enqueue won the race; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
