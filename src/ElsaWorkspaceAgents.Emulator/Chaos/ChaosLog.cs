using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Chaos;

/// <summary>Chaos log messages (platform and mode only; targets may be derived from secrets).</summary>
internal static partial class ChaosLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Chaos on {Platform}: {Mode} ({LatencyMs} ms).")]
    public static partial void Applied(ILogger logger, ChaosPlatform platform, ChaosMode mode, int latencyMs);
}
