namespace ElsaWorkspaceAgents.Core.Keys;

/// <summary>
/// Derives a stable <c>conversation_key</c> from the entity a series of events belongs to (a ticket, a deal),
/// so related events continue one agent conversation. It ignores the event itself: every event about
/// ticket 42 lands in the same conversation.
/// </summary>
public static class ConversationKey
{
    /// <summary>Prefix naming the derivation scheme.</summary>
    public const string Prefix = "cv1_";

    /// <summary>Longest conversation key we accept from callers.</summary>
    public const int MaxLength = 255;

    /// <summary>Derives the conversation key.</summary>
    /// <param name="sourceSystem">The system that owns the entity, e.g. <c>helpdesk</c>.</param>
    /// <param name="entityType">The kind of entity, e.g. <c>ticket</c>.</param>
    /// <param name="entityId">The entity's identifier in that system.</param>
    public static string Derive(string sourceSystem, string entityType, string entityId)
    {
        KeyPartValidator.Require(sourceSystem, nameof(sourceSystem));
        KeyPartValidator.Require(entityType, nameof(entityType));
        KeyPartValidator.Require(entityId, nameof(entityId));
        return StableHash.Compute(Prefix, [sourceSystem, entityType, entityId]);
    }

    /// <summary>Checks a caller-supplied conversation key (printable ASCII, at most 255 characters).</summary>
    public static void Validate(string? key, string paramName = "conversationKey") =>
        HeaderValueRules.Validate(key, paramName, MaxLength, "Conversation key");
}
