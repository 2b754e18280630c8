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

        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                throw new AgentInputException(
                    $"{what} may contain only printable ASCII without spaces; found character U+{(int)c:X4}.", paramName);
            }
        }
    }
}
