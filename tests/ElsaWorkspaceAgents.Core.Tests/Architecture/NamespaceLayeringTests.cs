using System.Text.RegularExpressions;

namespace ElsaWorkspaceAgents.Core.Tests.Architecture;

/// <summary>
/// Core's sub-namespaces must depend on each other one way only, so each layer can be read and changed without the
/// ones above it. The graph is built from Core's source: each file's namespace, its <c>using</c> directives and every
/// qualified reference to a sibling namespace (<c>ElsaWorkspaceAgents.Core.X.</c> or, inside Core, <c>X.Type</c>),
/// crefs included because the compiler resolves them too.
/// </summary>
/// <remarks>
/// The layering today, lowest first (each may use only those before it):
/// the root namespace (shared vocabulary: AgentPlatform, AgentInputException, TriggerOutcome and its kinds and attempts,
/// TriggerCancelledException, RunTrackingException) ← Security, Events, Audit ← Keys ← Resilience (retry options,
/// PlatformCall, SendResult) ← Connections ← Input, Messages ← Triggering ← Runs ← Platforms ← Callbacks ←
/// DependencyInjection.
/// </remarks>
public sealed partial class NamespaceLayeringTests
{
    private const string CoreNamespace = "ElsaWorkspaceAgents.Core";

    [Fact]
    public void Core_sub_namespaces_form_no_cycle()
    {
        var graph = BuildGraph(FindCoreSourceDirectory());
        Assert.True(graph.Count > 1, "no Core namespaces found: the source scan is broken");

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, cycle is null ? "" :
            "Core's namespaces form a cycle: " + string.Join(" -> ", cycle) + Environment.NewLine +
            "Move the shared type down a layer (or to the root namespace) instead of referencing upwards.");
    }

    private static Dictionary<string, SortedSet<string>> BuildGraph(string coreDirectory)
    {
        var files = Directory.EnumerateFiles(coreDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(coreDirectory, path))
            .Select(path => (Path: path, Text: File.ReadAllText(path)))
            .ToList();

        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var subNamespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var layer = LayerOf(DeclaredNamespace(file));
            graph.TryAdd(layer, []);
            if (layer.Length > 0) subNamespaces.Add(layer);
        }

        var relativeReference = new Regex(@"(?<![\w.])(" + string.Join("|", subNamespaces.Select(Regex.Escape)) + @")\.[A-Z]\w*");
        foreach (var file in files)
        {
            var from = LayerOf(DeclaredNamespace(file));
            var targets = QualifiedReference().Matches(file.Text).Select(match => match.Groups["layer"].Value)
                .Concat(relativeReference.Matches(file.Text).Select(match => match.Groups[1].Value));
            foreach (var to in targets)
            {
                if (to != from && subNamespaces.Contains(to)) graph[from].Add(to);
            }
        }

        // The root namespace is visible from every sub-namespace without a using, so everything depends on it.
        foreach (var layer in subNamespaces) graph[layer].Add("");
        return graph;
    }

    /// <summary>A cycle as namespace names (first repeated at the end), or null; depth-first, in a stable order.</summary>
    private static List<string>? FindCycle(Dictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        var stack = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. stack.Skip(stack.IndexOf(next)).Append(next).Select(Display)];
                }
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        }
        return null;
    }

    private static string Display(string layer) => layer.Length == 0 ? CoreNamespace : $"{CoreNamespace}.{layer}";

    private static string DeclaredNamespace((string Path, string Text) file)
    {
        var match = NamespaceDeclaration().Match(file.Text);
        Assert.True(match.Success, $"{file.Path} declares no namespace");
        return match.Groups["name"].Value;
    }

    /// <summary>The first segment below Core ("Platforms" for Core.Platforms.Writer); "" for the root namespace.</summary>
    private static string LayerOf(string @namespace)
    {
        if (@namespace == CoreNamespace) return "";
        Assert.StartsWith(CoreNamespace + ".", @namespace);
        return @namespace[(CoreNamespace.Length + 1)..].Split('.')[0];
    }

    private static bool IsBuildOutput(string root, string path)
    {
        var first = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    private static string FindCoreSourceDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", CoreNamespace);
            if (File.Exists(Path.Combine(candidate, CoreNamespace + ".csproj"))) return candidate;
        }
        throw new InvalidOperationException($"src/{CoreNamespace} not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\bElsaWorkspaceAgents\.Core\.(?<layer>[A-Z]\w*)")]
    private static partial Regex QualifiedReference();
}
