using ElsaWorkspaceAgents.Emulator.Common;
using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>Writer's documented error shape: <c>{"tpe": "...", "errors": [{"description", "key", "extras"}], "extras": {}}</c>.</summary>
internal static class WriterErrors
{
    public static IResult Create(int status, string description, string key) =>
        Results.Json(
            new
            {
                tpe = TypeFor(status),
                errors = new[] { new { description, key, extras = new { } } },
                extras = new { },
            },
            ApiJson.Wire,
            statusCode: status);

    public static IResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "Invalid or missing API key. Send 'Authorization: Bearer <your_api_key>'.", "fail.unauthorized");

    public static IResult AgentNotFound(string agentId) =>
        Create(StatusCodes.Status404NotFound, $"Agent '{agentId}' not found. Only deployed agents are accessible via the API.", "fail.agent.not_found");

    public static IResult BlueprintNotFound(string blueprintId) =>
        Create(StatusCodes.Status404NotFound, $"Blueprint '{blueprintId}' not found. Only blueprints that begin with an API Trigger block are exposed via the API.", "fail.blueprint.not_found");

    /// <summary>Adapter for the chaos filter.</summary>
    public static IResult ForChaos(int status, string code, string message) => Create(status, message, "fail." + code);

    private static string TypeFor(int status) => status switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        _ => "InternalServerError",
    };
}
