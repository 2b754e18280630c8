using System.Net;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Resilience;
using ElsaWorkspaceAgents.Core.Security;

namespace ElsaWorkspaceAgents.Core.Triggering;

/// <summary>Turns what the sender ended with into a typed <see cref="TriggerOutcome"/>.</summary>
internal static class OutcomeFactory
{
    private const int MaxDetailLength = 500;

    public static TriggerOutcomeKind KindFor(HttpStatusCode status) => (int)status switch
    {
        400 or 413 or 415 or 422 => TriggerOutcomeKind.InvalidInput,
        401 => TriggerOutcomeKind.Unauthorized,
        403 => TriggerOutcomeKind.Forbidden,
        404 or 410 => TriggerOutcomeKind.NotFound,
        409 => TriggerOutcomeKind.Conflict,
        429 => TriggerOutcomeKind.RateLimited,
        _ => TriggerOutcomeKind.Failed,
    };

    /// <summary>An outcome for a call that did not end in acceptance.</summary>
    public static TriggerOutcome NotAccepted(PlatformCall call, SendResult result, DateTimeOffset now)
    {
        var kind = result.Unconfirmed ? TriggerOutcomeKind.Unconfirmed
            : result.Status is { } status ? KindFor(status) : TriggerOutcomeKind.Failed;
        var detail = result.FailureDetail
            ?? (result.Status is { } s ? $"HTTP {(int)s} {s}: {ErrorMessage(result.Body) ?? "no error message"}" : null);
        return new TriggerOutcome
        {
            Kind = kind,
            Platform = call.Platform,
            Target = call.Target,
            IdempotencyKey = call.IdempotencyKey,
            SourceRequestId = call.SourceRequestId,
            HttpStatus = (int?)result.Status,
            Timestamp = now,
            Attempts = result.Attempts,
            AttemptHistory = result.AttemptHistory,
            Elapsed = result.Elapsed,
            Guidance = PlatformGuidance.For(call.Platform, kind),
            Detail = Clean(detail, call.Secrets),
            RetryAfter = result.RetryAfter,
        };
    }

    /// <summary>An accepted outcome.</summary>
    public static TriggerOutcome Accepted(PlatformCall call, SendResult result, DateTimeOffset now,
        string? runId = null, string? runStatus = null, string? output = null, string? detail = null) => new()
    {
        Kind = TriggerOutcomeKind.Accepted,
        Platform = call.Platform,
        Target = call.Target,
        IdempotencyKey = call.IdempotencyKey,
        SourceRequestId = call.SourceRequestId,
        HttpStatus = (int?)result.Status,
        RunId = runId,
        RunStatus = runStatus,
        Output = output,
        Timestamp = now,
        Attempts = result.Attempts,
        AttemptHistory = result.AttemptHistory,
        Elapsed = result.Elapsed,
        Guidance = PlatformGuidance.For(call.Platform, TriggerOutcomeKind.Accepted),
        Detail = Clean(detail, call.Secrets),
    };

    /// <summary>An outcome for a request refused before anything was sent.</summary>
    public static TriggerOutcome Refused(AgentPlatform platform, string target, string idempotencyKey, string? sourceRequestId,
        string reason, DateTimeOffset now, IReadOnlyList<string?> secrets) => new()
    {
        Kind = TriggerOutcomeKind.InvalidInput,
        Platform = platform,
        Target = target,
        IdempotencyKey = idempotencyKey,
        SourceRequestId = sourceRequestId,
        Timestamp = now,
        Attempts = 0,
        Guidance = PlatformGuidance.For(platform, TriggerOutcomeKind.InvalidInput),
        Detail = Clean(reason, secrets),
    };

    /// <summary>Pulls a human message out of the usual JSON error shapes; falls back to the raw text.</summary>
    public static string? ErrorMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) && nested.ValueKind == JsonValueKind.String)
                    {
                        return nested.GetString();
                    }

                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return error.GetString();
                    }
                }

                // Writer: {"tpe": "...", "errors": [{"description": "...", "key": "..."}]}.
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 &&
                    errors[0].ValueKind == JsonValueKind.Object)
                {
                    foreach (var name in (ReadOnlySpan<string>)["description", "message"])
                    {
                        if (errors[0].TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                        {
                            return text.GetString();
                        }
                    }
                }

                foreach (var name in (ReadOnlySpan<string>)["message", "detail", "title"])
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: use the text as it is.
        }

        return body;
    }

    private static string? Clean(string? text, IReadOnlyList<string?> secrets)
    {
        text = SecretRedactor.Redact(text, secrets);
        return text is { Length: > MaxDetailLength } ? text[..MaxDetailLength] + "…" : text;
    }
}
