using System.Reflection;
using System.Text.RegularExpressions;

namespace ElsaWorkspaceAgents.PackageInstallTests;

/// <summary>
/// <c>dotnet pack</c> of the activity pack and Core into a fresh local folder, under a version of their own so a cached
/// copy of an earlier build can never stand in for this one; that version is removed from the NuGet cache afterwards.
/// </summary>
public sealed partial class PackedPackages : IAsyncLifetime
{
    public static readonly string RepositoryRoot = Metadata("RepositoryRoot");

    public static readonly string ElsaVersion = Metadata("ElsaVersion");

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"ewa-package-install-{Guid.NewGuid():N}");

    public string Feed => Path.Combine(Root, "feed");

    public string Version { get; } = $"0.1.0-install.{DateTime.UtcNow:yyyyMMddHHmmss}";

    private string? globalPackages;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var project in new[] { "src/ElsaWorkspaceAgents.Core/ElsaWorkspaceAgents.Core.csproj", "src/ElsaWorkspaceAgents/ElsaWorkspaceAgents.csproj" })
        {
            // Its own artifacts folder: nothing in the repository's bin/obj (which other test runs use) is touched.
            await DotNetCli.RunAsync(RepositoryRoot, TimeSpan.FromMinutes(10),
                ["pack", Path.Combine(RepositoryRoot, project), "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"),
                    $"-p:Version={Version}", "-nologo", .. DotNetCli.ExtraMSBuildArgs]);
        }

        var locals = await DotNetCli.RunAsync(Root, TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list");
        globalPackages = GlobalPackagesLine().Match(locals).Groups[1].Value.Trim();
    }

    public string Package(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public Task DisposeAsync()
    {
        if (!string.IsNullOrEmpty(globalPackages))
        {
            foreach (var id in new[] { "elsaworkspaceagents", "elsaworkspaceagents.core" })
            {
                var cached = Path.Combine(globalPackages, id, Version.ToLowerInvariant());
                if (Directory.Exists(cached))
                {
                    Directory.Delete(cached, recursive: true);
                }
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an exiting process: the temp folder is cleaned eventually.
        }

        return Task.CompletedTask;
    }

    private static string Metadata(string key) => typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;

    [GeneratedRegex(@"global-packages:\s*(.+)")]
    private static partial Regex GlobalPackagesLine();
}
