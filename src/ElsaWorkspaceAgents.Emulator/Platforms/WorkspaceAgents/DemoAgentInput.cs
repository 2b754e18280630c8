using System.Text.RegularExpressions;

namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>
/// What the simulated agent reads from the trigger input. Labels are matched at the start of a line, case-insensitively,
/// followed by <c>:</c> or <c>=</c>; the value is the rest of the line, trimmed. The first matching line wins.
/// <list type="bullet">
/// <item><c>Request ID: X</c> (also <c>request_id:</c>, <c>request-id:</c>, <c>RequestId=</c>)</item>
/// <item><c>Destination: name</c> or the seed notebook's <c>Output destination: name</c></item>
/// <item><c>Source system:</c>, <c>Submitted at:</c>, <c>Update text:</c> or <c>Update:</c> (what our input builder writes), copied onto the write</item>
/// </list>
/// A quoted JSON key such as <c>"request_id": "X"</c> inside a payload dump does not count: the line must start with the label.
/// </summary>
/// <param name="RequestId">The request ID, or null when the input has none.</param>
/// <param name="Destination">The destination named in the input, if any.</param>
/// <param name="SourceSystem">Source system line.</param>
/// <param name="SubmittedAt">Submitted-at line.</param>
/// <param name="UpdateText">Update text line.</param>
public sealed partial record DemoAgentInput(string? RequestId, string? Destination, string? SourceSystem, string? SubmittedAt, string? UpdateText)
{
    /// <summary>Reads the labelled lines from an input text.</summary>
    public static DemoAgentInput Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new DemoAgentInput(
            Find(RequestIdLine(), input),
            Find(DestinationLine(), input),
            Find(SourceSystemLine(), input),
            Find(SubmittedAtLine(), input),
            Find(UpdateTextLine(), input));
    }

    private static string? Find(Regex regex, string input)
    {
        var match = regex.Match(input);
        if (!match.Success)
        {
            return null;
        }

        var value = match.Groups["v"].Value.Trim();
        return value.Length == 0 ? null : value;
    }

    private const string Tail = @"[ \t]*[:=][ \t]*(?<v>[^\r\n]*)";

    [GeneratedRegex(@"^[ \t]*request[ _-]?id" + Tail, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdLine();

    [GeneratedRegex(@"^[ \t]*(?:output[ \t]+)?destination" + Tail, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DestinationLine();

    [GeneratedRegex(@"^[ \t]*source[ _-]?system" + Tail, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SourceSystemLine();

    [GeneratedRegex(@"^[ \t]*submitted[ _-]?at" + Tail, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SubmittedAtLine();

    [GeneratedRegex(@"^[ \t]*update(?:[ _-]?text)?" + Tail, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex UpdateTextLine();
}
