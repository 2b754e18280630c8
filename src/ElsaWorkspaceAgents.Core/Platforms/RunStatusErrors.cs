using System.Net;
using ElsaWorkspaceAgents.Core.Security;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Core.Platforms;

/// <summary>Turns a failed status read into a <see cref="RunTrackingException"/> whose message is free of secrets.</summary>
internal static class RunStatusErrors
{
    public static RunTrackingException From(AgentPlatform platform, PlatformReadResult result, string? whatToCheck, IReadOnlyList<string?> secrets)
    {
        var status = (int)result.Status;
        var message = OutcomeFactory.ErrorMessage(result.Body);
        if (message is { Length: > 300 })
        {
            message = message[..300] + "…";
        }

        var text = $"{platform} status read failed: HTTP {status} {result.Status}" +
                   (message is null ? "." : $": {message.TrimEnd('.', ' ')}.") +
                   (whatToCheck is null ? string.Empty : " " + whatToCheck);
        return new RunTrackingException(SecretRedactor.Redact(text, secrets)!, status, isTransient: IsTransientStatus(result.Status));
    }

    public static RunTrackingException NoAnswer(AgentPlatform platform, HttpRequestException exception) =>
        // PlatformReader already removed secrets from this message.
        new($"{platform} status read failed: {exception.Message}", (int?)exception.StatusCode, isTransient: true);

    public static RunTrackingException Invalid(AgentPlatform platform, string reason) =>
        new($"{platform} status cannot be read: {reason}");

    /// <summary>A status read may be retried later after these answers (decided by <see cref="Resilience.ResendPolicy.MayRetryRead(HttpStatusCode)"/>).</summary>
    public static bool IsTransientStatus(HttpStatusCode status) => Resilience.ResendPolicy.MayRetryRead(status);

    public static bool IsNotFound(PlatformReadResult result) => result.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone;
}
