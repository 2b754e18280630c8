using ElsaWorkspaceAgents.Emulator.Common;
using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Emulator.Admin;

/// <summary>Admin API responses: camelCase JSON, enums as snake_case strings.</summary>
internal static class AdminResults
{
    public static IResult Ok(object? value) => Results.Json(value, ApiJson.Admin);

    public static IResult Error(int status, string message) => Results.Json(new { error = message }, ApiJson.Admin, statusCode: status);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);
}
