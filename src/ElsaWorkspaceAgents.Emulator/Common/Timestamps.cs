using System.Globalization;

namespace ElsaWorkspaceAgents.Emulator.Common;

/// <summary>Timestamp formats the platforms use on the wire.</summary>
internal static class Timestamps
{
    /// <summary>ISO-8601 UTC with microseconds, as in Writer's job example (<c>2025-08-14T22:26:06.259540Z</c>).</summary>
    public static string Micro(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Micro(DateTimeOffset? value) => value is { } v ? Micro(v) : null;

    /// <summary>ISO-8601 UTC with milliseconds, the usual JavaScript <c>toISOString()</c> shape.</summary>
    public static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Iso(DateTimeOffset? value) => value is { } v ? Iso(v) : null;
}
