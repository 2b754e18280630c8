using System.Security.Cryptography;
using System.Text;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>
/// Completion webhook signing: <c>X-Workbench-Signature: sha256=&lt;lowercase hex HMAC-SHA256(secret, raw body)&gt;</c>.
/// The body carries its own <c>timestamp</c>, so the signature covers it; <c>X-Workbench-Timestamp</c> repeats it for convenience.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Signature header name.</summary>
    public const string SignatureHeader = "X-Workbench-Signature";

    /// <summary>Unix-seconds timestamp header name.</summary>
    public const string TimestampHeader = "X-Workbench-Timestamp";

    /// <summary>Event header name.</summary>
    public const string EventHeader = "X-Workbench-Event";

    /// <summary>Delivery id header name (identical across retries, for de-duplication).</summary>
    public const string DeliveryHeader = "X-Workbench-Delivery";

    /// <summary>Computes the header value for a body.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time verification, as a receiver should do it.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, body));
        var actual = Encoding.ASCII.GetBytes(header.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
