using System.Security.Cryptography;
using System.Text;
using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Callbacks;

/// <summary>HMAC-SHA256 over the raw body, written and checked in the connection's header form, compared in constant time.</summary>
public static class AgentCallbackSignature
{
    /// <summary>The header value a sender using <paramref name="options"/> puts on <paramref name="body"/>.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body, AgentCallbackOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(options);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return options.SignaturePrefix + (options.SignatureEncoding == AgentCallbackSignatureEncoding.Hex
            ? Convert.ToHexString(mac).ToLowerInvariant()
            : Convert.ToBase64String(mac));
    }

    /// <summary>Reads the MAC from a header value; false when it lacks the prefix or is not a 32-byte MAC in the configured encoding.</summary>
    public static bool TryDecode(string header, AgentCallbackOptions options, out byte[] mac)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(options);
        mac = [];
        var value = header.Trim();
        if (!value.StartsWith(options.SignaturePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        value = value[options.SignaturePrefix.Length..];
        try
        {
            mac = options.SignatureEncoding == AgentCallbackSignatureEncoding.Hex ? Convert.FromHexString(value) : Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return false;
        }

        return mac.Length == HMACSHA256.HashSizeInBytes;
    }

    /// <summary>True when <paramref name="mac"/> is the HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/> (constant-time).</summary>
    public static bool Matches(string secret, ReadOnlySpan<byte> body, ReadOnlySpan<byte> mac)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }
}
