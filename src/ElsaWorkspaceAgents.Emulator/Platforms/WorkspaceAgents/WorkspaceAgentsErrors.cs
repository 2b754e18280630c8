using ElsaWorkspaceAgents.Emulator.Common;
using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>
/// OpenAI-style error bodies, <c>{"error":{"message","type","param","code"}}</c>; the seed notebook reads
/// <c>error.message</c> and <c>error.code</c> from exactly this shape.
/// </summary>
internal static class WorkspaceAgentsErrors
{
    public static IResult Create(int status, string code, string message, string? param = null) =>
        Results.Json(
            new { error = new { message, type = TypeFor(status), param, code } },
            ApiJson.Wire,
            statusCode: status);

    public static IResult Unauthorized(HttpContext context, string code, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"workspace_agents\"";
        return Create(StatusCodes.Status401Unauthorized, code, message);
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        409 => "conflict_error",
        429 => "rate_limit_error",
        _ => "server_error",
    };
}
