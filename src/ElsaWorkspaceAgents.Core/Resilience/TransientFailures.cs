using System.Net;
using Polly.Timeout;

namespace ElsaWorkspaceAgents.Core.Resilience;

/// <summary>
/// Decides what may be retried. A platform that honours Idempotency-Key can be retried after any transient
/// failure, because the same key returns the original outcome. A platform without idempotency may only be
/// retried when the request provably did not start a run (refused connection, 429, 502-504); a lost response
/// or a timeout after sending is reported instead, since re-sending could start a second run.
/// </summary>
internal static class TransientFailures
{
    public static bool IsTransientStatus(HttpStatusCode status, bool idempotent) => (int)status switch
    {
        429 or 502 or 503 or 504 => true,
        408 or 500 => idempotent,
        501 or 505 => false,
        >= 500 and < 600 => idempotent,
        _ => false,
    };

    public static bool IsTransientException(Exception exception, bool idempotent) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        HttpRequestException => idempotent,
        TimeoutRejectedException => idempotent,
        IOException => idempotent,
        _ => false,
    };
}
