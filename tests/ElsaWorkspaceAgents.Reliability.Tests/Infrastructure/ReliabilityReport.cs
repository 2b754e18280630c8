using Xunit.Abstractions;

namespace ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

/// <summary>
/// The figures a scenario measured, one line per platform, to the test output and, when <c>RELIABILITY_REPORT</c> names a
/// file, appended to it (how the README's reliability table is produced).
/// </summary>
internal static class ReliabilityReport
{
    private static readonly object FileGate = new();

    public static void Write(ITestOutputHelper output, string scenario, IEnumerable<PlatformLedger> ledgers, TimeSpan wall, string? note = null)
    {
        var lines = ledgers.Select(l => $"{scenario} | {l} | wall {wall.TotalSeconds:F1} s" + (note is null ? string.Empty : $" | {note}")).ToArray();
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        if (Environment.GetEnvironmentVariable("RELIABILITY_REPORT") is { Length: > 0 } path)
        {
            lock (FileGate)
            {
                File.AppendAllLines(path, lines);
            }
        }
    }
}
