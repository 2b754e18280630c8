using ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

namespace ElsaWorkspaceAgents.Emulator.Tests.WorkspaceAgents;

/// <summary>The documented input conventions of the simulated agent.</summary>
public sealed class DemoAgentInputTests
{
    [Theory]
    [InlineData("Request ID: DEMO-1", "DEMO-1")]
    [InlineData("request_id: DEMO-2", "DEMO-2")]
    [InlineData("  REQUEST-ID = DEMO-3  ", "DEMO-3")]
    [InlineData("RequestId:DEMO-4\r\nDestination: x", "DEMO-4")]
    [InlineData("Source event from crm: deal.closed\nRequest ID: DEMO-5\nRequest ID: LATER", "DEMO-5")]
    [InlineData("No request ID was provided.", null)]
    [InlineData("{\n  \"request_id\": \"JSON-KEY\"\n}", null)]
    [InlineData("Request ID:   ", null)]
    [InlineData("The request id is DEMO-6", null)]
    public void Request_id_is_read_from_a_labelled_line(string input, string? expected) =>
        Assert.Equal(expected, DemoAgentInput.Parse(input).RequestId);

    [Theory]
    [InlineData("Destination: demo-channel", "demo-channel")]
    [InlineData("Output destination: the agent's configured destination", "the agent's configured destination")]
    [InlineData("destination=gated-channel", "gated-channel")]
    [InlineData("Request ID: 1", null)]
    public void Destination_is_read_from_a_labelled_line(string input, string? expected) =>
        Assert.Equal(expected, DemoAgentInput.Parse(input).Destination);

    [Theory]
    [InlineData("Update text: Customer cannot export PDFs", "Customer cannot export PDFs")]
    [InlineData("Source event from helpdesk: ticket.created\nUpdate: Customer cannot export PDFs", "Customer cannot export PDFs")]
    [InlineData("Updated at: 2026-01-01", null)]
    public void Update_text_is_read_from_either_label(string input, string? expected) =>
        Assert.Equal(expected, DemoAgentInput.Parse(input).UpdateText);
}
