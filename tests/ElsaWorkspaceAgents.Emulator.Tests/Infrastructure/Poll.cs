namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>Waits for asynchronous emulator work with a bounded deadline; never asserts on timings.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? deadline = null, string? what = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= until)
            {
                throw new TimeoutException($"Gave up waiting for {what ?? "the condition"}; last value: {value}");
            }

            await Task.Delay(20);
        }
    }

    public static Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan? deadline = null, string? what = null) =>
        UntilAsync(() => Task.FromResult(probe()), done, deadline, what);
}
