namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>Every credential the suite hands out. None may appear in a log line, exception message or stored row.</summary>
internal static class Secrets
{
    public const string AccessToken = "wat_reliability_access_token_7f3a9c1e5b2d";

    public const string CrLfToken = "wat_crlf_token_91ab\r\nX-Injected: smuggled_4be2";

    public const string UserInfoPassword = "hunter2_userinfo_pw_5c8d";

    public const string QueryStringSecret = "querystring_secret_a61f0e";

    public const string HostileToken = "wat_hostile_token_3d7e8f2a9b";

    /// <summary>GPT Workbench's 64-character trigger token, which travels in the URL path.</summary>
    public const string GptWorkbenchToken = "gwt_reliability_trigger_token_5e1c0a7d3b9f4e2a8c6d0b1f7e3a9c5d2b";

    /// <summary>DocsGPT's agent webhook token, also in the URL path.</summary>
    public const string DocsGptToken = "dgt_reliability_webhook_token_8a2f6c";

    public const string WriterApiKey = "wrk_reliability_api_key_4d9b1e7a";

    /// <summary>The strings to search for: each secret, and each line of a multi-line one.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AccessToken, CrLfToken, "wat_crlf_token_91ab", "smuggled_4be2", UserInfoPassword, QueryStringSecret, HostileToken,
        GptWorkbenchToken, DocsGptToken, WriterApiKey,
    ];
}
