using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Emulator.Common;

/// <summary>Outcome of reading an <c>Authorization: Bearer</c> header.</summary>
internal enum BearerTokenStatus
{
    Present,
    Missing,
    Malformed,
}

/// <summary>Reads a bearer credential without ever logging or echoing it.</summary>
internal static class BearerToken
{
    public static BearerTokenStatus TryRead(HttpRequest request, out string token)
    {
        token = string.Empty;
        var values = request.Headers.Authorization;
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return BearerTokenStatus.Missing;
        }

        if (values.Count > 1)
        {
            return BearerTokenStatus.Malformed;
        }

        var header = values[0]!.Trim();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return BearerTokenStatus.Malformed;
        }

        var candidate = header[scheme.Length..].Trim();
        if (candidate.Length == 0 || candidate.Contains(' ', StringComparison.Ordinal))
        {
            return BearerTokenStatus.Malformed;
        }

        token = candidate;
        return BearerTokenStatus.Present;
    }
}
