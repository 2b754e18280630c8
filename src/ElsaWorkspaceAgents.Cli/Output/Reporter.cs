using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElsaWorkspaceAgents.Cli.Output;

/// <summary>
/// Writes results for people (text on stdout, progress on stderr) or for scripts (<c>--json</c>: one JSON document
/// on stdout, nothing else there).
/// </summary>
public sealed class Reporter(TextWriter stdout, TextWriter stderr, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public bool Json { get; } = json;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>A line for people; suppressed in JSON mode so stdout stays one document.</summary>
    public void Line(string text = "")
    {
        if (!Json)
        {
            Out.WriteLine(text);
        }
    }

    /// <summary>A diagnostic for people, always on stderr.</summary>
    public void Problem(string text) => Error.WriteLine(text);

    public void Document(object value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>One compact JSON document on one line, for commands that report a stream of events (JSON Lines).</summary>
    public void DocumentLine(object value)
    {
        lock (Out)
        {
            Out.WriteLine(JsonSerializer.Serialize(value, LineOptions));
        }
    }

    private static readonly JsonSerializerOptions LineOptions = new(JsonOptions) { WriteIndented = false };

    /// <summary>A spinner on stderr while waiting; silent when stderr is redirected or in JSON mode.</summary>
    public IDisposable Progress(string what) =>
        Json || Console.IsErrorRedirected ? NoProgress.Instance : new Spinner(Error, what);

    private sealed class NoProgress : IDisposable
    {
        public static readonly NoProgress Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Spinner : IDisposable
    {
        private static readonly char[] Frames = ['|', '/', '-', '\\'];
        private readonly TextWriter writer;
        private readonly string what;
        private readonly Timer timer;
        private int frame;

        public Spinner(TextWriter writer, string what)
        {
            this.writer = writer;
            this.what = what;
            timer = new Timer(_ => Tick(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(120));
        }

        public void Dispose()
        {
            timer.Dispose();
            lock (writer)
            {
                writer.Write("\r" + new string(' ', what.Length + 4) + "\r");
            }
        }

        private void Tick()
        {
            lock (writer)
            {
                writer.Write($"\r{Frames[frame++ % Frames.Length]} {what}");
            }
        }
    }
}
