using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;

namespace ElsaWorkspaceAgents.Benchmarks.Load;

/// <summary>The embedded emulator both load modes call: chaos off, zero processing delay, one runnable API channel.</summary>
internal static class LoadWorld
{
    public const string Token = "wat_load_harness_token_0123456789";
    public const string ChannelId = "agtch_load";
    public const string Destination = "load-log";

    public static Task<EmulatorHost> StartAsync() => EmulatorHost.StartAsync(new EmulatorOptions
    {
        Fixture = new EmulatorFixture
        {
            WorkspaceAgents = new WorkspaceAgentsFixture
            {
                AccessTokens = [new AccessTokenFixture { Token = Token, UserId = "user_load" }],
                Destinations = [new DestinationFixture { Name = Destination }],
                Agents =
                [
                    new WorkspaceAgentFixture
                    {
                        Id = "agent_load",
                        Name = "Load agent",
                        SharedWith = ["user_load"],
                        DefaultDestination = Destination,
                        Channels = [new ApiChannelFixture { Id = ChannelId }],
                    },
                ],
            },
        },
        Timings = new EmulatorTimings { WorkspaceAgentRunDelay = TimeSpan.Zero },
    });
}
