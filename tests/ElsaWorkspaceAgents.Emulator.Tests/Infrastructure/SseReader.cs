namespace ElsaWorkspaceAgents.Emulator.Tests.Infrastructure;

/// <summary>One parsed server-sent event.</summary>
internal sealed record SseEvent(string? Event, string Data);

/// <summary>A strict-enough SSE parser (LF or CRLF, comments, event/data/retry fields) for asserting on streams.</summary>
internal static class SseReader
{
    public static async Task<(List<SseEvent> Events, List<string> Comments, int? Retry)> ReadAllAsync(Stream stream)
    {
        var events = new List<SseEvent>();
        var comments = new List<string>();
        int? retry = null;
        using var reader = new StreamReader(stream);
        string? eventName = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    events.Add(new SseEvent(eventName, string.Join('\n', data)));
                }

                eventName = null;
                data.Clear();
                continue;
            }

            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event":
                    eventName = value;
                    break;
                case "data":
                    data.Add(value);
                    break;
                case "retry":
                    retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        if (data.Count > 0)
        {
            events.Add(new SseEvent(eventName, string.Join('\n', data)));
        }

        return (events, comments, retry);
    }
}
