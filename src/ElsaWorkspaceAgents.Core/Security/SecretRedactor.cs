namespace ElsaWorkspaceAgents.Core.Security;

/// <summary>
/// Removes known secrets from text that may reach a log, an exception message or a stored row
/// (a platform's error message could echo a token; an exception could carry a token-bearing URL).
/// </summary>
public static class SecretRedactor
{
    /// <summary>What a redacted secret becomes.</summary>
    public const string Mask = "***";

    /// <summary>Replaces every occurrence of each secret in <paramref name="text"/> with <see cref="Mask"/>.</summary>
    public static string? Redact(string? text, IEnumerable<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in secrets)
        {
            // Very short "secrets" would shred ordinary text; real tokens are far longer.
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// Shows a credential the way a person can recognise it without being able to use it:
    /// the first four characters and its length, e.g. <c>wat_…(14 chars)</c>.
    /// </summary>
    public static string MaskToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "(none)";
        }

        var visible = token.Length >= 12 ? token[..4] : string.Empty;
        return $"{visible}…({token.Length} chars)";
    }
}
