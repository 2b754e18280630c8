using System.Net;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;
using ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Emulator.Tests.GptWorkbench;

/// <summary>IP whitelisting: single addresses and CIDR blocks, IPv4 and IPv6.</summary>
public sealed class IpWhitelistTests
{
    [Theory]
    [InlineData("192.168.1.0/24", "192.168.1.77", true)]
    [InlineData("192.168.1.0/24", "192.168.2.1", false)]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "10.0.0.2", false)]
    [InlineData("203.0.113.0/24", "::ffff:203.0.113.9", true)]
    [InlineData("10.20.0.0/14", "10.23.255.255", true)]
    [InlineData("10.20.0.0/14", "10.24.0.0", false)]
    [InlineData("2001:db8::/32", "2001:db8:abcd::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("0.0.0.0/0", "198.51.100.4", true)]
    [InlineData("192.168.1.5/24", "192.168.1.200", true)]
    public void Entries_match_addresses(string entry, string address, bool allowed) =>
        Assert.Equal(allowed, IpAllowlist.Parse([entry]).Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not-an-ip")]
    [InlineData("2001:db8::/129")]
    [InlineData("")]
    public void Invalid_entries_are_rejected(string entry) => Assert.False(IpAllowlist.TryParseEntry(entry, out _));

    [Fact]
    public async Task Loopback_caller_is_allowed_by_its_block_and_refused_otherwise()
    {
        await using var emulator = await TestEmulator.StartAsync(f => f.GptWorkbench.Triggers[0].IpWhitelist = ["10.0.0.0/8", "127.0.0.0/8"]);
        using var http = emulator.CreateClient();

        using var allowed = await GptWorkbenchClient.TriggerAsync(http, "hi");
        Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);

        using var put = await http.PutAsync(
            $"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/ip-whitelist",
            new StringContent("{\"entries\":[\"192.168.1.0/24\",\"10.0.0.1\",\"203.0.113.0/24\"]}"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var refused = await GptWorkbenchClient.TriggerAsync(http, "hi");
        using var refusedStatus = await http.GetAsync($"webhooks/trigger/{DemoFixture.GptWorkbenchToken}/status");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ip_not_whitelisted", (await refused.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refusedStatus.StatusCode);

        // X-Forwarded-For is not trusted unless the fixture says so: it cannot be used to sneak in.
        using var spoofed = await GptWorkbenchClient.TriggerAsync(http, "hi", forwardedFor: "10.0.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, spoofed.StatusCode);

        using var bad = await http.PutAsync(
            $"_emulator/gpt-workbench/triggers/{DemoFixture.GptWorkbenchTriggerId}/ip-whitelist",
            new StringContent("{\"entries\":[\"10.0.0.0/40\"]}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory]
    [InlineData("2001:db8:1::7", HttpStatusCode.Accepted)]
    [InlineData("2001:db8:2::7", HttpStatusCode.Forbidden)]
    [InlineData("198.51.100.20", HttpStatusCode.Accepted)]
    [InlineData("198.51.100.21, 127.0.0.1", HttpStatusCode.Forbidden)]
    public async Task Trusted_forwarded_addresses_are_checked_against_ipv4_and_ipv6_blocks(string forwardedFor, HttpStatusCode expected)
    {
        await using var emulator = await TestEmulator.StartAsync(f =>
        {
            f.GptWorkbench.TrustForwardedFor = true;
            f.GptWorkbench.Triggers[0].IpWhitelist = ["2001:db8:1::/48", "198.51.100.20"];
        });
        using var http = emulator.CreateClient();

        using var response = await GptWorkbenchClient.TriggerAsync(http, "hi", forwardedFor: forwardedFor);

        Assert.Equal(expected, response.StatusCode);
    }
}
