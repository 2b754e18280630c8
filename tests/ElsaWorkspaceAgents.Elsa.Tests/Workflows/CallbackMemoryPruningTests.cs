using Elsa.Common;
using Elsa.Common.RecurringTasks;
using Elsa.Extensions;
using Elsa.KeyValues.Contracts;
using Elsa.KeyValues.Entities;
using Elsa.KeyValues.Models;
using Elsa.Testing.Shared;
using ElsaWorkspaceAgents.Callbacks;
using ElsaWorkspaceAgents.Core.Callbacks;
using ElsaWorkspaceAgents.ElsaTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.ElsaTests.Workflows;

/// <summary>
/// The callback receiver remembers handled deliveries in Elsa's key-value store (two rows per result); the pack's
/// recurring <see cref="PruneCallbackMemoryTask"/> removes those older than the retention, and nothing else.
/// </summary>
public sealed class CallbackMemoryPruningTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestEmulator emulator = null!;

    public async Task InitializeAsync() => emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Handled_deliveries_older_than_the_retention_are_forgotten_and_the_rest_stay()
    {
        var fixture = await ElsaTestFixtures.Workflows(output, emulator)
            .ConfigureElsa(elsa => elsa.UseWorkspaceAgents(agents => agents.ConfigureCallbackMemory = options =>
                (options.Retention, options.PruneInterval) = (TimeSpan.FromDays(2), TimeSpan.FromMinutes(30))))
            .BuildAsync();
        var services = fixture.Services;
        var memory = services.GetRequiredService<IAgentCallbackMemory>();
        var now = DateTimeOffset.UtcNow;
        await memory.RememberAsync("gpt-workbench", "dlv_old", "digest-old", "run_old", now - TimeSpan.FromDays(3), default);
        await memory.RememberAsync("gpt-workbench", "dlv_recent", "digest-recent", "run_recent", now - TimeSpan.FromHours(1), default);
        using (var scope = services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IKeyValueStore>();
            await store.SaveAsync(new SerializedKeyValuePair { Key = "SomeoneElse/entry", SerializedValue = "1" }, default);
            await store.SaveAsync(new SerializedKeyValuePair { Key = "ElsaWorkspaceAgents.Callbacks/run/GPT-WORKBENCH/odd", SerializedValue = "not a time" }, default);
        }

        var task = services.CreateScope().ServiceProvider.GetServices<IRecurringTask>().OfType<PruneCallbackMemoryTask>().Single();
        await task.ExecuteAsync(default);

        Assert.Null(await memory.FindDeliveryAsync("gpt-workbench", "dlv_old", default));
        Assert.False(await memory.WasRunHandledAsync("gpt-workbench", "run_old", default));
        Assert.Equal("digest-recent", await memory.FindDeliveryAsync("gpt-workbench", "dlv_recent", default));
        Assert.True(await memory.WasRunHandledAsync("gpt-workbench", "run_recent", default));
        using (var scope = services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IKeyValueStore>();
            Assert.NotNull(await store.FindAsync(new KeyValueFilter { Key = "SomeoneElse/entry" }, default));
            Assert.NotNull(await store.FindAsync(new KeyValueFilter { Key = "ElsaWorkspaceAgents.Callbacks/run/GPT-WORKBENCH/odd" }, default));
        }

        // Scheduled by the pack at the configured interval.
        var schedule = services.GetRequiredService<IOptions<RecurringTaskOptions>>().Value.Schedule;
        var interval = schedule.ScheduledTasks[typeof(PruneCallbackMemoryTask)];
        Assert.Equal((IntervalExpressionType.Interval, TimeSpan.FromMinutes(30).ToString()), (interval.Type, interval.Expression));
    }
}
