using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Tests.Infrastructure;
using ElsaWorkspaceAgents.Core.Triggering;
using Microsoft.Extensions.DependencyInjection;

namespace ElsaWorkspaceAgents.Core.Tests.Audit;

/// <summary>The audit trail carries what the seed says to log, one record per attempt and per outcome.</summary>
public sealed class AuditRecordTests : EmulatorTest
{
    protected override void Configure(WorkspaceAgentsOptions options)
    {
        options.Connections["default"] = new AgentConnection
        {
            Platform = AgentPlatform.WorkspaceAgents, BaseUrl = Emulator.BaseAddress, TriggerId = "agtch_demo", Token = "wat_demo_token",
        };
    }

    [Fact]
    public async Task Each_attempt_and_the_outcome_are_logged_with_request_id_trigger_key_timestamp_status_attempt_and_duration()
    {
        var request = new AgentTriggerRequest { Input = "Request ID: AUDIT-1", IdempotencyKey = "ik1_audit", SourceRequestId = "AUDIT-1" };
        await Services.GetRequiredService<IAgentTriggerService>().TriggerAsync(request);

        var records = Services.Logs().GetSnapshot();
        var attempt = Assert.Single(records, r => r.Id.Id == 1001);
        var outcome = Assert.Single(records, r => r.Id.Id == 1003);
        foreach (var record in new[] { attempt, outcome })
        {
            Assert.Equal("AUDIT-1", record.GetStructuredStateValue("SourceRequestId"));
            Assert.Equal("ik1_audit", record.GetStructuredStateValue("IdempotencyKey"));
            Assert.Contains("agtch_demo", record.GetStructuredStateValue("Target"));
            Assert.Equal("202", record.GetStructuredStateValue("HttpStatus"));
            Assert.NotNull(record.GetStructuredStateValue("Timestamp"));
            Assert.NotNull(record.GetStructuredStateValue("DurationMs"));
        }

        Assert.Equal("1", attempt.GetStructuredStateValue("Attempt"));
        Assert.Equal("Accepted", outcome.GetStructuredStateValue("Outcome"));
        Assert.DoesNotContain(records, r => r.Id.Id == 1005); // input text stays out unless the host opts in
    }
}
