using System.Text;
using ElsaWorkspaceAgents.Core.Keys;
using FsCheck;
using FsCheck.Xunit;

namespace ElsaWorkspaceAgents.Core.Tests.Keys;

/// <summary>
/// The two text checks every trigger call runs (well-formed Unicode in the input, printable ASCII in header values)
/// search vectorised for the first offending character; they must still decide exactly as a strict encoder would.
/// </summary>
public sealed class TextRulesTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Property(MaxTest = 2000)]
    public bool Well_formed_means_a_strict_UTF8_encoder_accepts_it(char[] chars)
    {
        // Random chars hit lone and paired surrogates often enough; a strict encoder is the reference.
        var text = new string(chars);
        bool encodable;
        try
        {
            StrictUtf8.GetByteCount(text);
            encodable = true;
        }
        catch (EncoderFallbackException)
        {
            encodable = false;
        }

        return KeyPartValidator.IsWellFormed(text) == encodable;
    }

    // Surrogates are written as {D83D} and built at run time: a literal in an attribute is mangled to U+FFFD by test discovery.
    [Theory]
    [InlineData("plain text", true)]
    [InlineData("a pair {D83D}{DE00} in the middle", true)]
    [InlineData("{D83D}{DE00}", true)]
    [InlineData("lone high at the end {D83D}", false)]
    [InlineData("{DE00} lone low at the start", false)]
    [InlineData("two highs {D83D}{D83D}{DE00}", false)]
    [InlineData("a pair then a lone low {D83D}{DE00}{DE00}", false)]
    public void Surrogates_anywhere_are_judged_pair_by_pair(string pattern, bool wellFormed) =>
        Assert.Equal(wellFormed, KeyPartValidator.IsWellFormed(System.Text.RegularExpressions.Regex.Replace(pattern, "{([0-9A-F]{4})}",
            m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString())));

    [Theory]
    [InlineData("ik1_abc def", 0x20)]
    [InlineData("ik1_abc\u007f", 0x7F)]
    [InlineData("ik1_é", 0xE9)]
    [InlineData("\tik1", 0x09)]
    public void A_header_value_names_its_first_character_outside_printable_ASCII(string value, int codePoint)
    {
        var refused = Assert.Throws<AgentInputException>(() => HeaderValueRules.Validate(value, "key", 255, "The key"));
        Assert.Contains($"U+{codePoint:X4}", refused.Message);
    }

    [Fact]
    public void Every_printable_ASCII_character_is_allowed_in_a_header_value() =>
        HeaderValueRules.Validate(new string(Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).ToArray()), "key", 255, "The key");
}
