using System.Text;

namespace ElsaWorkspaceAgents.Core.Keys;

/// <summary>Rejects identity parts that would make a key ambiguous or unstable.</summary>
internal static class KeyPartValidator
{
    public static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AgentInputException($"{name} is required to derive a stable key; it was empty.", name);
        }

        ValidateText(value, name);
    }

    public static void Optional(string? value, string name)
    {
        if (value is not null)
        {
            Require(value, name);
        }
    }

    private static void ValidateText(string value, string name)
    {
        // A lone surrogate cannot be encoded as UTF-8; hashing it would silently map
        // different inputs onto the same replacement character.
        if (!IsWellFormed(value))
        {
            throw new AgentInputException($"{name} contains invalid Unicode (an unpaired surrogate).", name);
        }
    }

    internal static bool IsWellFormed(string value)
    {
        // Every input is checked on every call, and almost none holds a surrogate: find the first one with a vectorised
        // search and decode rune by rune only from there.
        var first = value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return true;
        }

        var span = value.AsSpan(first);
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            span = span[consumed..];
        }

        return true;
    }
}
