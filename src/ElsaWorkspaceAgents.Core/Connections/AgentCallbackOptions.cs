namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>
/// How a connection's completion callbacks are signed and judged (<c>WorkspaceAgents:Connections:{name}:Callback</c>).
/// The defaults are GPT Workbench's scheme as the emulator sends it: <c>X-Workbench-Signature: sha256=&lt;lowercase hex
/// HMAC-SHA256(secret, raw body)&gt;</c>, the delivery ID in <c>X-Workbench-Delivery</c>, freshness from the signed body's
/// <c>timestamp</c> field. The secret itself is <see cref="Connections.AgentConnection.CallbackSecret"/>.
/// </summary>
public sealed class AgentCallbackOptions
{
    /// <summary>The header carrying the signature.</summary>
    public string SignatureHeader { get; set; } = "X-Workbench-Signature";

    /// <summary>Text before the encoded MAC in the header (e.g. <c>sha256=</c>); empty for none. Compared case-insensitively.</summary>
    public string SignaturePrefix { get; set; } = "sha256=";

    /// <summary>How the MAC is encoded after the prefix.</summary>
    public AgentCallbackSignatureEncoding SignatureEncoding { get; set; } = AgentCallbackSignatureEncoding.Hex;

    /// <summary>The header carrying the delivery ID (the same on every retry of one delivery); empty for none.</summary>
    public string DeliveryIdHeader { get; set; } = "X-Workbench-Delivery";

    /// <summary>The field of the signed JSON body holding when it was sent (ISO-8601 or unix seconds).</summary>
    public string TimestampField { get; set; } = "timestamp";

    /// <summary>
    /// A header holding when it was sent (unix seconds), used only when the body has no <see cref="TimestampField"/>.
    /// It is not covered by the signature, so the body's field is preferred.
    /// </summary>
    public string TimestampHeader { get; set; } = "X-Workbench-Timestamp";

    /// <summary>How far the sending time may be from the receiver's clock, either way, before a delivery is refused as stale.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body accepted (413 beyond it). GPT Workbench bodies carry the prompt (≤ 50,000 characters) and the response.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>How a callback's MAC is written in its header.</summary>
public enum AgentCallbackSignatureEncoding
{
    /// <summary>Hexadecimal (either case).</summary>
    Hex,

    /// <summary>Standard Base64.</summary>
    Base64,
}
