namespace ElsaWorkspaceAgents.Core.Connections;

/// <summary>Checks on connection values that must hold before a request is built.</summary>
public static class ConnectionRules
{
    /// <summary>
    /// A base URL must be absolute http(s), without user info, query or fragment: anything else is refused
    /// rather than "fixed", so a mistyped or hostile value never receives a credential.
    /// </summary>
    public static Uri ValidateBaseUrl(Uri baseUrl)
    {
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new AgentInputException($"The base URL '{baseUrl}' is not absolute; use e.g. https://api.chatgpt.com.", nameof(baseUrl));
        }

        if (baseUrl.Scheme is not ("http" or "https"))
        {
            throw new AgentInputException($"The base URL scheme '{baseUrl.Scheme}' is not allowed; use https (or http for a local emulator).", nameof(baseUrl));
        }

        if (!string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            throw new AgentInputException("The base URL must not carry user info (user:password@); credentials belong in the connection's Token.", nameof(baseUrl));
        }

        if (!string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            throw new AgentInputException("The base URL must not carry a query string or fragment.", nameof(baseUrl));
        }

        return baseUrl;
    }

    /// <summary>Parses and validates a base URL given as text.</summary>
    public static Uri ParseBaseUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new AgentInputException($"The base URL '{value}' is not a valid absolute URL.", "baseUrl");
        }

        return ValidateBaseUrl(uri);
    }

    /// <summary>
    /// A credential must be present and free of whitespace and control characters (a CR/LF in a token would
    /// otherwise split the Authorization header). The message never repeats the credential.
    /// </summary>
    public static string RequireToken(string? token, string what)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new AgentInputException($"The {what} is missing. Configure it on the connection (it is a secret: keep it out of workflow definitions).", "token");
        }

        foreach (var c in token)
        {
            if (c is < '!' or > '~')
            {
                throw new AgentInputException($"The {what} is malformed: it contains whitespace, control or non-ASCII characters.", "token");
            }
        }

        return token;
    }

    /// <summary>An identifier that goes into a URL path must be URL-safe as it stands (no escaping games).</summary>
    public static string RequirePathSegment(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AgentInputException($"The {what} is missing.", what);
        }

        if (value is "." or "..")
        {
            throw new AgentInputException($"The {what} is not a valid identifier.", what);
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new AgentInputException($"The {what} may contain only letters, digits, '-', '_' and '.'.", what);
            }
        }

        return value;
    }
}
