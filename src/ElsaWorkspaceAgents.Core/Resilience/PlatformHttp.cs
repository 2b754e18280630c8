namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// How platform calls reach the network: through the handler chain of the named client
/// (<see cref="ResilientTriggerSender.HttpClientName"/>), rotated and configured by IHttpClientFactory as usual,
/// but without an <see cref="HttpClient"/> in front of it.
/// </summary>
/// <remarks>
/// An HttpClient per call adds an object, a pending-requests token source and, because Polly's attempt token can be
/// cancelled, a linked token source with two registrations per attempt, plus one more async level. Polly already owns
/// every timeout and cancellation, so none of that does anything here; <see cref="HttpMessageInvoker"/> hands the request
/// to the same handlers directly. Like HttpClient with <c>ResponseHeadersRead</c>, the handler answers once the headers
/// are in, and the body is read by the caller.
/// </remarks>
internal static class PlatformHttp
{
    /// <summary>An invoker over the named client's current handler chain; cheap, and not to be disposed (the factory owns the handlers).</summary>
    public static HttpMessageInvoker Invoker(IHttpMessageHandlerFactory handlerFactory) =>
        new(handlerFactory.CreateHandler(ResilientTriggerSender.HttpClientName), disposeHandler: false);

    /// <summary>
    /// The response body as text, at most <paramref name="maxChars"/> characters; an empty string without reading when
    /// the answer says it has no body (Workspace Agents' documented 202), null when there is no content at all.
    /// </summary>
    public static async ValueTask<string?> ReadBodyAsync(HttpResponseMessage response, int maxChars, CancellationToken cancellationToken)
    {
        if (response.Content is not { } content)
        {
            return null;
        }

        if (content.Headers.ContentLength == 0)
        {
            return string.Empty;
        }

        var text = await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length > maxChars ? text[..maxChars] : text;
    }
}
