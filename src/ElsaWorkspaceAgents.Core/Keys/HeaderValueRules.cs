namespace ElsaWorkspaceAgents.Core.Keys;

/// <summary>Rules for caller-supplied values that travel in HTTP headers or as stable identifiers.</summary>
internal static class HeaderValueRules
{
    public static void Validate(string? value, string paramName, int maxLength, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AgentInputException($"{what} is empty.", paramName);
        }

        if (value.Length > maxLength)
        {
            throw new AgentInputException($"{what} is {value.Length} characters; at most {maxLength} are allowed.", paramName);
        }

        // Vectorised: this runs for the key of every call.
        if (value.AsSpan().IndexOfAnyExceptInRange('!', '~') is var bad and >= 0)
        {
            throw new AgentInputException(
                $"{what} may contain only printable ASCII without spaces; found character U+{(int)value[bad]:X4}.", paramName);
        }
    }
}
