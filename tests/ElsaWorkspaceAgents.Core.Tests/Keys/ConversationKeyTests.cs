using ElsaWorkspaceAgents.Core.Keys;
using FsCheck;
using FsCheck.Xunit;

namespace ElsaWorkspaceAgents.Core.Tests.Keys;

public sealed class ConversationKeyTests
{
    [Property(MaxTest = 300)]
    public bool Same_entity_same_conversation(NonWhiteSpaceString system, NonWhiteSpaceString type, NonWhiteSpaceString id) =>
        ConversationKey.Derive(system.Get, type.Get, id.Get) == ConversationKey.Derive(system.Get, type.Get, id.Get);

    [Property(MaxTest = 300)]
    public void Different_entities_different_conversations(NonWhiteSpaceString id, NonWhiteSpaceString other)
    {
        if (id.Get != other.Get)
        {
            Assert.NotEqual(ConversationKey.Derive("crm", "deal", id.Get), ConversationKey.Derive("crm", "deal", other.Get));
        }
    }

    [Fact]
    public void Conversation_keys_never_equal_idempotency_keys_for_the_same_parts()
    {
        var conversation = ConversationKey.Derive("crm", "deal", "D-7");
        Assert.StartsWith(ConversationKey.Prefix, conversation);
        Assert.NotEqual(conversation, IdempotencyKey.Derive("crm", "deal", "D-7"));
        ConversationKey.Validate(conversation);
    }
}
