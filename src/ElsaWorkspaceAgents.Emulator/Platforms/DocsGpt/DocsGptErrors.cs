using ElsaWorkspaceAgents.Emulator.Common;
using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>DocsGPT's Flask error shape: <c>{"success": false, "message": "..."}</c>.</summary>
internal static class DocsGptErrors
{
    public static IResult Create(int status, string message) =>
        Results.Json(new { success = false, message }, ApiJson.Wire, statusCode: status);

    /// <summary>Adapter for the chaos filter (DocsGPT has no error codes).</summary>
    public static IResult ForChaos(int status, string code, string message) => Create(status, message);
}
