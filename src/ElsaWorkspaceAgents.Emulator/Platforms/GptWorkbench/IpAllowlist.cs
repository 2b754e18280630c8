using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>
/// A trigger's IP whitelist: single addresses and CIDR blocks, IPv4 and IPv6. IPv4-mapped IPv6 client addresses
/// (<c>::ffff:10.0.0.1</c>, what a dual-stack socket reports) are compared as IPv4. Host bits in a block
/// (<c>192.168.1.5/24</c>) are ignored rather than rejected, as a forgiving admin UI would.
/// </summary>
internal sealed class IpAllowlist
{
    private readonly IReadOnlyList<(byte[] Network, int PrefixLength)> entries;

    private IpAllowlist(IReadOnlyList<(byte[] Network, int PrefixLength)> entries) => this.entries = entries;

    /// <summary>An empty list allows every address.</summary>
    public bool IsEmpty => this.entries.Count == 0;

    public static IpAllowlist Parse(IEnumerable<string> entries)
    {
        var parsed = new List<(byte[], int)>();
        foreach (var entry in entries)
        {
            if (!TryParseEntry(entry, out var network))
            {
                throw new FormatException($"'{entry}' is not an IP address or CIDR block.");
            }

            parsed.Add(network);
        }

        return new IpAllowlist(parsed);
    }

    public static bool TryParseEntry(string? entry, out (byte[] Network, int PrefixLength) network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var text = entry.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        address = Normalize(address);
        var bytes = address.GetAddressBytes();
        var maxPrefix = bytes.Length * 8;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            return false;
        }

        network = (bytes, prefix);
        return true;
    }

    public bool Allows(IPAddress? client)
    {
        if (IsEmpty)
        {
            return true;
        }

        if (client is null)
        {
            return false;
        }

        var bytes = Normalize(client).GetAddressBytes();
        foreach (var (network, prefix) in this.entries)
        {
            if (network.Length == bytes.Length && PrefixMatches(network, bytes, prefix))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool PrefixMatches(byte[] network, byte[] candidate, int prefix)
    {
        var fullBytes = prefix / 8;
        for (var i = 0; i < fullBytes; i++)
        {
            if (network[i] != candidate[i])
            {
                return false;
            }
        }

        var remainingBits = prefix % 8;
        if (remainingBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - remainingBits));
        return (network[fullBytes] & mask) == (candidate[fullBytes] & mask);
    }
}
