using System.CommandLine;
using ElsaWorkspaceAgents.Cli.Output;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary>Options every command understands.</summary>
public sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Write one JSON document to stdout instead of text.", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Show the audit log (never contains credentials) on stderr.", Recursive = true };

    public TextWriter Out { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;

    public Reporter Reporter(ParseResult parse) => new(Out, Error, parse.GetValue(Json));

    /// <summary>Reports an error the user can fix and returns its exit code.</summary>
    public int Fail(Reporter reporter, string message, int exitCode)
    {
        if (reporter.Json)
        {
            reporter.Document(new { error = message, exitCode });
        }
        else
        {
            reporter.Problem($"error: {message}");
        }

        return exitCode;
    }
}
