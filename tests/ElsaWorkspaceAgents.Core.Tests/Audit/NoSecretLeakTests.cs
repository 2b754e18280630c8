using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Events;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Core.Tests.Audit;

/// <summary>
/// Drives every Workspace Agents outcome (accepted, each refusal, refused before sending, retried faults) and scans
/// every log line, structured value, exception message and ToString() for the tokens used.
/// </summary>
public sealed class NoSecretLeakTests : EmulatorTest
{
    private const string DemoToken = "wat_demo_token";
    private const string UnsharedToken = "wat_unshared_token";
    private const string PlatformKey = "sk-proj-Zx9SecretPlatformKeyThatMustNeverLeak0001";

    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.LogInputText = true; // even with the input logged, no credential may appear
        options.Retry.MaxAttempts = 3;
        options.Retry.AttemptTimeout = TimeSpan.FromSeconds(3);
        options.Connections["ok"] = Connection("agtch_demo", DemoToken);
        options.Connections["unshared"] = Connection("agtch_demo", UnsharedToken);
        options.Connections["platform-key"] = Connection("agtch_demo", PlatformKey);
        options.Connections["unknown"] = Connection("agtch_missing", DemoToken);
        options.Connections["inactive"] = Connection("agtch_inactive", DemoToken);
        options.Connections["bad-id"] = Connection("agent-name", DemoToken);
        options.Connections["crlf-token"] = Connection("agtch_demo", DemoToken + "\r\nX-Evil: 1");
        options.Connections["hostile-url"] = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents, BaseUrl = new Uri("http://user:" + DemoToken + "@127.0.0.1:1/"), TriggerId = "agtch_demo", Token = DemoToken,
        };
    }

    private AgentConnection Connection(string triggerId, string token) => new()
    {
        Platform = AgentPlatform.WorkspaceAgents, BaseUrl = Emulator.BaseAddress, TriggerId = triggerId, Token = token,
    };

    private static AgentTriggerRequest Request(string id)
    {
        var sourceEvent = new SourceEvent { SourceSystem = "tests", EventType = "leak.check", EventId = id, RequestId = id };
        return new AgentTriggerRequest
        {
            Input = AgentInputBuilder.Build(sourceEvent).Text, IdempotencyKey = IdempotencyKey.For(sourceEvent), SourceRequestId = id,
        };
    }

    [Fact]
    public async Task No_token_appears_in_any_log_line_exception_or_result_across_all_outcomes()
    {
        var triggers = Services.GetRequiredService<IAgentTriggerService>();
        var texts = new List<string>();
        var kinds = new HashSet<TriggerOutcomeKind>();
        foreach (var connection in new[] { "ok", "unshared", "platform-key", "unknown", "inactive", "bad-id", "crlf-token", "hostile-url" })
        {
            var outcome = await triggers.TriggerAsync(Request("LEAK-" + connection), connection);
            kinds.Add(outcome.Kind);
            texts.Add(outcome.ToString());
            texts.Add(outcome.Detail ?? string.Empty);
            texts.Add(Services.GetRequiredService<IAgentConnectionRegistry>().Describe(connection).ToString());
            try
            {
                texts.Add(triggers.Preview(Request("PREVIEW-" + connection), connection).ToString());
                texts.AddRange(triggers.Preview(Request("PREVIEW-" + connection), connection).Headers.Values);
            }
            catch (AgentInputException exception)
            {
                texts.Add(exception.ToString());
            }
        }

        // Faults: retried 503s, a lost response, then exhaustion.
        await Emulator.SetAsync(new { mode = "server_error", count = 1 }, new { mode = "accept_then_drop", count = 1 });
        texts.Add((await triggers.TriggerAsync(Request("LEAK-FAULTS"), "ok")).ToString());
        await Emulator.SetAsync(new { mode = "connection_reset" });
        texts.Add((await triggers.TriggerAsync(Request("LEAK-EXHAUSTED"), "ok")).ToString());

        Assert.Superset(new HashSet<TriggerOutcomeKind>
        {
            TriggerOutcomeKind.Accepted, TriggerOutcomeKind.Unauthorized, TriggerOutcomeKind.Forbidden, TriggerOutcomeKind.NotFound,
            TriggerOutcomeKind.Conflict, TriggerOutcomeKind.InvalidInput,
        }, kinds);
        texts.AddRange(Services.AllLogText());
        Assert.NotEmpty(Services.Logs().GetSnapshot());
        foreach (var secret in new[] { DemoToken, UnsharedToken, PlatformKey })
        {
            var leaks = texts.Where(text => text.Contains(secret, StringComparison.Ordinal)).ToArray();
            Assert.True(leaks.Length == 0, $"{secret} leaked in: {string.Join(" | ", leaks)}");
        }

        // The preview shows a recognisable mask ("wat_…(14 chars)"), never a usable credential.
        Assert.Contains(texts, text => text.StartsWith("Bearer wat_…(", StringComparison.Ordinal));
    }
}
