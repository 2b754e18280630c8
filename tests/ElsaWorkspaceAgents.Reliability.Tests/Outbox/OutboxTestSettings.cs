using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Outbox;

/// <summary>Settings for outbox-only tests (a fake trigger service; nothing listens at the URL).</summary>
internal static class OutboxTestSettings
{
    public static Dictionary<string, string?> For(TempDatabase database, params (string Key, string Value)[] overrides)
    {
        var settings = DispatcherSettings.For(new Uri("http://127.0.0.1:9/"), database.ConnectionString);
        settings["WorkspaceAgents:Outbox:PollInterval"] = "00:00:00.050";
        settings["WorkspaceAgents:Outbox:RetryBaseDelay"] = "00:00:00.010";
        settings["WorkspaceAgents:Outbox:RetryMaxDelay"] = "00:00:00.050";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
