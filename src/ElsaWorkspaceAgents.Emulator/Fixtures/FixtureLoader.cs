using System.Text.Json;
using ElsaWorkspaceAgents.Emulator.Common;

namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>Reads fixture JSON (camelCase, comments and trailing commas allowed) and validates it.</summary>
public static class FixtureLoader
{
    /// <summary>Parses and validates fixture JSON.</summary>
    /// <exception cref="FixtureException">The JSON is malformed or the fixture is inconsistent.</exception>
    public static EmulatorFixture Parse(string json)
    {
        EmulatorFixture? fixture;
        try
        {
            fixture = JsonSerializer.Deserialize<EmulatorFixture>(json, ApiJson.Admin);
        }
        catch (JsonException ex)
        {
            throw new FixtureException($"The fixture is not valid JSON: {ex.Message}", ex);
        }

        if (fixture is null)
        {
            throw new FixtureException("The fixture is empty.");
        }

        FixtureValidator.Validate(fixture);
        return fixture;
    }

    /// <summary>
    /// Loads a fixture file. A relative path is tried against the current directory and then against the shell's
    /// <c>PWD</c>, because <c>dotnet run --project</c> starts the emulator in the project folder, not where the user typed.
    /// </summary>
    public static EmulatorFixture Load(string path)
    {
        var candidates = new List<string> { Path.GetFullPath(path) };
        if (!Path.IsPathRooted(path) && Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } shellDirectory)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(shellDirectory, path)));
        }

        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FixtureException($"Fixture file '{path}' does not exist (looked at: {string.Join(", ", candidates.Distinct())}).");
        return Parse(File.ReadAllText(found));
    }

    /// <summary>Serializes a fixture in the documented file format.</summary>
    public static string Serialize(EmulatorFixture fixture) => JsonSerializer.Serialize(fixture, IndentedAdmin);

    private static readonly JsonSerializerOptions IndentedAdmin = new(ApiJson.Admin) { WriteIndented = true };
}
