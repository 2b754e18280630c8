namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>Every credential the suite hands out. None may appear in a log line, exception message or stored row.</summary>
internal static class Secrets
{
    public const string AccessToken = "wat_reliability_access_token_7f3a9c1e5b2d";

    public const string CrLfToken = "wat_crlf_token_91ab\r\nX-Injected: smuggled_4be2";

    public const string UserInfoPassword = "hunter2_userinfo_pw_5c8d";

    public const string QueryStringSecret = "querystring_secret_a61f0e";

    public const string HostileToken = "wat_hostile_token_3d7e8f2a9b";

    /// <summary>The strings to search for: each secret, and each line of a multi-line one.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AccessToken, CrLfToken, "wat_crlf_token_91ab", "smuggled_4be2", UserInfoPassword, QueryStringSecret, HostileToken,
    ];
}
