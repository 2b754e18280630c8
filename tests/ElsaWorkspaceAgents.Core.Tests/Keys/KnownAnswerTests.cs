using ElsaWorkspaceAgents.Core.Keys;

namespace ElsaWorkspaceAgents.Core.Tests.Keys;

/// <summary>
/// Keys pinned to their values. A key is remembered by the platforms (Workspace Agents and DocsGPT deduplicate on it),
/// so a key derived by the next version for the same event must be the same string, or a retry after an upgrade starts a
/// second run. The values were checked against an independent implementation of the scheme (Python's hashlib: SHA-256
/// over each part as a 4-byte big-endian UTF-8 length, -1 for an absent part, then its UTF-8 bytes).
/// </summary>
public sealed class KnownAnswerTests
{
    [Theory]
    [InlineData("helpdesk", "ticket.created", "evt_01J9ZX4Q7M3T8V2K5N6P", null, "ik1_7550088d1d0a7e16d94be6fcab6cf512885dcdd1f4615ea18d2e6a6ff632413f")]
    [InlineData("helpdesk", "ticket.created", "evt_01J9ZX4Q7M3T8V2K5N6P", "agtch_demo", "ik1_eb09e1134c3eafd70ef3fc154d5170097f41fa80286690534f2f3ebeeccbb746")]
    [InlineData("système", "événement", "ü-1", null, "ik1_9ebd440fd70f691297644818d4ce2a19c637c778ea7b06bc99c3828302be3b1a")]
    public void Idempotency_keys_keep_their_values(string system, string type, string id, string? scope, string expected) =>
        Assert.Equal(expected, IdempotencyKey.Derive(system, type, id, scope));

    [Fact]
    public void Conversation_keys_keep_their_values() =>
        Assert.Equal("cv1_134695cda283314b3d646f92089afac5e156363e312bb651aaa0b931c23439d6", ConversationKey.Derive("helpdesk", "ticket", "48213"));

    [Fact]
    public async Task Keys_derived_on_many_threads_at_once_are_the_same_keys()
    {
        // The hash state is reused per thread: concurrent derivations must not share or leak state between them.
        var keys = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            Enumerable.Range(0, 200).Select(j => (j % 2 == 0
                ? IdempotencyKey.Derive("helpdesk", "ticket.created", "evt_01J9ZX4Q7M3T8V2K5N6P")
                : IdempotencyKey.Derive("système", "événement", "ü-1"))).ToArray())));

        Assert.All(keys.SelectMany(k => k.Where((_, j) => j % 2 == 0)),
            key => Assert.Equal("ik1_7550088d1d0a7e16d94be6fcab6cf512885dcdd1f4615ea18d2e6a6ff632413f", key));
        Assert.All(keys.SelectMany(k => k.Where((_, j) => j % 2 == 1)),
            key => Assert.Equal("ik1_9ebd440fd70f691297644818d4ce2a19c637c778ea7b06bc99c3828302be3b1a", key));
    }
}
