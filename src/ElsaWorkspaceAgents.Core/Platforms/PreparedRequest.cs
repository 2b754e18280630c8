using System.Runtime.CompilerServices;
using System.Text;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Security;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Core.Platforms;

/// <summary>
/// A fully validated request, ready to be sent any number of times: each attempt gets a fresh
/// <see cref="HttpRequestMessage"/> with the same URL, headers, key and body.
/// </summary>
internal sealed class PreparedRequest : IAttemptRequestSource
{
    public required HttpMethod Method { get; init; }

    /// <summary>The real URL (may contain a token for token-in-URL platforms; never logged).</summary>
    public required Uri Url { get; init; }

    /// <summary>The URL as it may be shown.</summary>
    public required string DisplayUrl { get; init; }

    public string? BearerToken { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>JSON body as text; null for a bodyless request (or when <see cref="BodyUtf8"/> is set).</summary>
    public string? Body { get; init; }

    /// <summary>
    /// JSON body already encoded as UTF-8. Clients that write JSON with Utf8JsonWriter hand over the bytes, so the body is
    /// not turned into a string and encoded back on every call.
    /// </summary>
    public byte[]? BodyUtf8 { get; init; }

    public string? Accept { get; init; }

    public HttpRequestMessage Create()
    {
        // Header values go in as text, the form the handler writes them in: typed values (AuthenticationHeaderValue, a
        // MediaTypeHeaderValue with its charset parameter list) cost several objects per attempt and are never read back.
        // Unvalidated is safe here: tokens and keys with anything but printable ASCII (CR/LF included) were refused before.
        var message = new HttpRequestMessage(Method, Url);
        if (BearerToken is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", BearerHeaders.GetValue(BearerToken, static token => "Bearer " + token));
        }

        if (IdempotencyKey is not null)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey);
        }

        if (Accept is not null)
        {
            message.Headers.TryAddWithoutValidation("Accept", Accept);
        }

        if (BodyUtf8 is not null)
        {
            message.Content = new ByteArrayContent(BodyUtf8);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
        }
        else if (Body is not null)
        {
            message.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        }

        return message;
    }

    private const string JsonContentType = "application/json; charset=utf-8";

    // "Bearer <token>" for each configured token, built once: the token string is the connection's own and lives as long
    // as it does, so the header text goes with it. (Held weakly: a replaced token takes its header text with it.)
    private static readonly ConditionalWeakTable<string, string> BearerHeaders = new();

    public TriggerPreview ToPreview(AgentPlatform platform)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (BearerToken is not null)
        {
            headers["Authorization"] = "Bearer " + SecretRedactor.MaskToken(BearerToken);
        }

        if (Body is not null || BodyUtf8 is not null)
        {
            headers["Content-Type"] = JsonContentType;
        }

        if (IdempotencyKey is not null)
        {
            headers["Idempotency-Key"] = IdempotencyKey;
        }

        if (Accept is not null)
        {
            headers["Accept"] = Accept;
        }

        return new TriggerPreview
        {
            Platform = platform,
            Method = Method.Method,
            Url = DisplayUrl,
            Headers = headers,
            Body = Body ?? (BodyUtf8 is null ? string.Empty : Encoding.UTF8.GetString(BodyUtf8)),
        };
    }

    /// <summary>Appends a relative path to a base URL, keeping any path prefix the base URL has.</summary>
    public static Uri Combine(Uri baseUrl, string relativePath)
    {
        // Plain concatenation: the segments were validated as URL-safe, and it parses one Uri per call instead of two.
        var root = baseUrl.AbsoluteUri;
        return new Uri(string.Concat(root, root.EndsWith('/') ? string.Empty : "/", relativePath.TrimStart('/')));
    }
}
