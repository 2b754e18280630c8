using System.Text.Json;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Messages;

namespace ElsaWorkspaceAgents.Core.Tests.Messages;

/// <summary>The queue message contract: camelCase JSON in, a source event whose key derives from the message ID out.</summary>
public sealed class AgentRequestTests
{
    private const string Json =
        """{"messageId":"msg-77","sourceSystem":"crm","eventType":"deal.closed","entityId":"deal:77","requestId":"DEMO-20260618020202","summary":"Deal 77 closed","data":{"amount":12000}}""";

    [Fact]
    public void A_camel_case_message_becomes_the_source_event_it_describes()
    {
        var request = JsonSerializer.Deserialize<AgentRequest>(Json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        var sourceEvent = request.ToSourceEvent();

        Assert.Equal(("crm", "deal.closed", "msg-77", "deal:77", "DEMO-20260618020202", "Deal 77 closed"),
            (sourceEvent.SourceSystem, sourceEvent.EventType, sourceEvent.EventId, sourceEvent.EntityId, sourceEvent.RequestId, sourceEvent.Summary));
        Assert.Equal(12000, sourceEvent.Payload!.Value.GetProperty("amount").GetInt32());
        Assert.Equal(IdempotencyKey.Derive("crm", "deal.closed", "msg-77"), IdempotencyKey.For(sourceEvent));
    }

    [Fact]
    public void The_same_message_id_gives_the_same_key_whatever_else_the_copy_carries()
    {
        var first = new AgentRequest { MessageId = "msg-1", SourceSystem = "crm", EventType = "deal.closed", Summary = "first delivery" };
        var redelivered = first with { Summary = "second delivery" };
        var other = first with { MessageId = "msg-2" };

        Assert.Equal(IdempotencyKey.For(first.ToSourceEvent()), IdempotencyKey.For(redelivered.ToSourceEvent()));
        Assert.NotEqual(IdempotencyKey.For(first.ToSourceEvent()), IdempotencyKey.For(other.ToSourceEvent()));
    }

    [Theory]
    [InlineData(null, "crm", "deal.closed", "messageId")]
    [InlineData("  ", "crm", "deal.closed", "messageId")]
    [InlineData("msg-1", null, "deal.closed", "sourceSystem")]
    [InlineData("msg-1", "crm", "", "eventType")]
    public void A_message_without_its_identity_is_refused_naming_what_is_missing(string? messageId, string? sourceSystem, string? eventType, string missing)
    {
        var request = new AgentRequest { MessageId = messageId, SourceSystem = sourceSystem, EventType = eventType };

        var error = Assert.Throws<AgentInputException>(() => request.ToSourceEvent());

        Assert.Equal(missing, error.ParamName);
        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(-1)]
    public void An_overlong_message_id_or_one_with_control_characters_is_refused(int length)
    {
        var messageId = length > 0 ? new string('m', length) : "msg\r\n-1";

        var error = Assert.Throws<AgentInputException>(() => new AgentRequest { MessageId = messageId, SourceSystem = "crm", EventType = "x" }.ToSourceEvent());

        Assert.Equal("messageId", error.ParamName);
    }

    [Fact]
    public void Json_null_data_means_no_payload()
    {
        var request = JsonSerializer.Deserialize<AgentRequest>("""{"messageId":"m","sourceSystem":"s","eventType":"e","data":null}""",
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        Assert.Null(request.ToSourceEvent().Payload);
    }
}
