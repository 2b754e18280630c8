using System.Net;

namespace ElsaWorkspaceAgents.Core.Platforms;

/// <summary>A read's final answer.</summary>
internal sealed record PlatformReadResult(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}
