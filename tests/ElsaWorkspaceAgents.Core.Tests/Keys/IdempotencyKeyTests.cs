using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using FsCheck;
using FsCheck.Xunit;

namespace ElsaWorkspaceAgents.Core.Tests.Keys;

public sealed class IdempotencyKeyTests
{
    [Property(MaxTest = 500)]
    public bool Same_event_gives_the_same_key(NonWhiteSpaceString system, NonWhiteSpaceString type, NonWhiteSpaceString id) =>
        IdempotencyKey.Derive(system.Get, type.Get, id.Get) == IdempotencyKey.Derive(new string(system.Get), new string(type.Get), new string(id.Get));

    [Property(MaxTest = 500)]
    public void Different_events_give_different_keys(NonWhiteSpaceString system, NonWhiteSpaceString type, NonWhiteSpaceString id, NonWhiteSpaceString otherId)
    {
        if (id.Get == otherId.Get)
        {
            return;
        }

        Assert.NotEqual(IdempotencyKey.Derive(system.Get, type.Get, id.Get), IdempotencyKey.Derive(system.Get, type.Get, otherId.Get));
    }

    [Property(MaxTest = 500)]
    public void Moving_characters_between_parts_changes_the_key(NonWhiteSpaceString a, NonWhiteSpaceString b)
    {
        // ("ab","c") and ("a","bc") must not collide: parts are length-prefixed before hashing.
        var joined = a.Get + b.Get;
        if (joined.Length < 2)
        {
            return;
        }

        var left = IdempotencyKey.Derive("s", joined[..1].Trim().Length == 0 ? "x" : joined[..1], joined[1..].Trim().Length == 0 ? "y" : joined[1..]);
        var right = IdempotencyKey.Derive("s", joined, "y");
        Assert.NotEqual(left, right);
    }

    [Property(MaxTest = 300)]
    public void Keys_are_header_safe_and_bounded(NonWhiteSpaceString system, NonWhiteSpaceString type, NonWhiteSpaceString id, string? scope)
    {
        var key = IdempotencyKey.Derive(system.Get, type.Get, id.Get, string.IsNullOrWhiteSpace(scope) ? null : scope);
        Assert.Equal(IdempotencyKey.Length, key.Length);
        Assert.True(key.Length <= IdempotencyKey.MaxLength);
        Assert.StartsWith(IdempotencyKey.Prefix, key);
        Assert.All(key, c => Assert.True(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'));
        IdempotencyKey.Validate(key);
    }

    [Fact]
    public void Scope_separates_the_same_event_sent_to_two_triggers()
    {
        var unscoped = IdempotencyKey.Derive("helpdesk", "ticket.created", "T-1");
        var first = IdempotencyKey.Derive("helpdesk", "ticket.created", "T-1", "agtch_a");
        var second = IdempotencyKey.Derive("helpdesk", "ticket.created", "T-1", "agtch_b");
        Assert.Equal(3, new[] { unscoped, first, second }.Distinct().Count());
    }

    [Fact]
    public void Known_vector_is_stable_across_processes_and_machines()
    {
        // Pinned: if this changes, every retry after an upgrade would start a second run.
        Assert.Equal(
            "ik1_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                [0, 0, 0, 8, .. "helpdesk"u8, 0, 0, 0, 14, .. "ticket.created"u8, 0, 0, 0, 3, .. "T-1"u8, 0xFF, 0xFF, 0xFF, 0xFF])),
            IdempotencyKey.Derive("helpdesk", "ticket.created", "T-1"));
    }

    [Fact]
    public void Long_event_ids_still_give_a_bounded_key()
    {
        var key = IdempotencyKey.Derive("s", "t", new string('x', 100_000));
        Assert.Equal(IdempotencyKey.Length, key.Length);
    }

    [Theory]
    [InlineData("", "t", "1")]
    [InlineData("s", " ", "1")]
    [InlineData("s", "t", "")]
    public void Incomplete_or_invalid_identity_is_refused(string system, string type, string id)
    {
        var error = Assert.Throws<AgentInputException>(() => IdempotencyKey.Derive(system, type, id));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Unpaired_surrogates_are_refused_rather_than_hashed_as_replacement_characters() =>
        // Built at run time: a literal in an attribute would be mangled to U+FFFD by test discovery.
        Assert.Throws<AgentInputException>(() => IdempotencyKey.Derive("s", "t", "evt-" + (char)0xD800));

    [Theory]
    [InlineData("key\r\nX-Injected: 1")]
    [InlineData("key with space")]
    [InlineData("ключ")]
    [InlineData("")]
    public void Caller_supplied_keys_must_be_header_safe(string key) =>
        Assert.Throws<AgentInputException>(() => IdempotencyKey.Validate(key));

    [Fact]
    public void Caller_supplied_keys_longer_than_255_are_refused() =>
        Assert.Throws<AgentInputException>(() => IdempotencyKey.Validate(new string('k', 256)));
}
