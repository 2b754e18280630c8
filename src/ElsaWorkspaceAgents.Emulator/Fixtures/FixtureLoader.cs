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

    /// <summary>Loads a fixture file.</summary>
    public static EmulatorFixture Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FixtureException($"Fixture file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path));
    }

    /// <summary>Serializes a fixture in the documented file format.</summary>
    public static string Serialize(EmulatorFixture fixture) => JsonSerializer.Serialize(fixture, IndentedAdmin);

    private static readonly JsonSerializerOptions IndentedAdmin = new(ApiJson.Admin) { WriteIndented = true };
}
