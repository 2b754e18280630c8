namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a liveness bound passes. The bound is generous: reaching it means stuck, not slow.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan bound, string what, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up waiting for {what}; last observed: {value}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
