using System.Globalization;
using ElsaWorkspaceAgents.Emulator.Common;
using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>
/// Error bodies, <c>{"error": "&lt;message&gt;", "code": "&lt;code&gt;"}</c>. The docs only give status codes; this small shape
/// is the emulator's choice (documented in its README), and clients should rely on the status code.
/// </summary>
internal static class GptWorkbenchErrors
{
    public static IResult Create(int status, string code, string message) =>
        Results.Json(new { error = message, code }, ApiJson.Wire, statusCode: status);

    public static IResult InvalidToken() =>
        Create(StatusCodes.Status404NotFound, "invalid_token", "Invalid or expired API token");

    public static IResult IpNotWhitelisted() =>
        Create(StatusCodes.Status403Forbidden, "ip_not_whitelisted", "IP address not whitelisted");

    public static IResult BadRequest(string details) =>
        Create(StatusCodes.Status400BadRequest, "invalid_request", "Invalid request format: " + details);

    public static IResult RateLimited(HttpContext context, int retryAfterSeconds, int limit)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Results.Json(
            new { error = $"Rate limit exceeded: {limit} calls per hour", code = "rate_limit_exceeded", retryAfter = retryAfterSeconds },
            ApiJson.Wire,
            statusCode: StatusCodes.Status429TooManyRequests);
    }
}
