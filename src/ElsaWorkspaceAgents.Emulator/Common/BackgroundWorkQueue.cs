using System.Threading.Channels;

namespace ElsaWorkspaceAgents.Emulator.Common;

/// <summary>
/// The emulator's stand-in for the platforms' durable job queues: trigger endpoints enqueue work here and
/// return at once, so runs always execute after (and independently of) the HTTP response.
/// </summary>
public sealed class BackgroundWorkQueue
{
    private readonly Channel<Func<CancellationToken, Task>> channel =
        Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });

    private long pending;

    /// <summary>Work items enqueued or running but not yet finished; lets tests wait for quiescence.</summary>
    public long Pending => Interlocked.Read(ref pending);

    internal ChannelReader<Func<CancellationToken, Task>> Reader => channel.Reader;

    /// <summary>Queues a work item; never blocks the request thread.</summary>
    public void Enqueue(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Interlocked.Increment(ref pending);
        if (!channel.Writer.TryWrite(work))
        {
            Interlocked.Decrement(ref pending);
            throw new InvalidOperationException("The emulator is shutting down; no more work is accepted.");
        }
    }

    internal void MarkFinished() => Interlocked.Decrement(ref pending);

    internal void Complete() => channel.Writer.TryComplete();
}
