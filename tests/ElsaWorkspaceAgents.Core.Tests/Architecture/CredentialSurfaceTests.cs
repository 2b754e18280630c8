using System.Reflection;
using ElsaWorkspaceAgents.AspNetCore;
using ElsaWorkspaceAgents.Core.Connections;

namespace ElsaWorkspaceAgents.Core.Tests.Architecture;

/// <summary>
/// A connection carries its credentials (<see cref="AgentConnection.Token"/>, <see cref="AgentConnection.CallbackSecret"/>),
/// so the public API must not hand one out: code that needs a name, a platform or a limit asks
/// <see cref="IAgentConnectionRegistry"/>, and only Core's platform clients are given the connection. Passing a connection
/// in (configuring a client, the CLI building its own) is fine; what this scan looks for is a connection coming out — a
/// return value, a property or field, an out/ref parameter, or a callback the library calls with one.
/// </summary>
public sealed class CredentialSurfaceTests
{
    /// <summary>The one way out: the options a host writes its configuration into, and reads back if it must.</summary>
    private const string ConfigurationMember = "ElsaWorkspaceAgents.Core.Connections.WorkspaceAgentsOptions.Connections";

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_public_member_outside_the_configuration_options_hands_out_a_connection()
    {
        Assembly[] assemblies = [typeof(AgentConnection).Assembly, typeof(AgentCallbackEndpoints).Assembly];

        var found = assemblies.SelectMany(assembly => assembly.GetExportedTypes()).SelectMany(OutwardMembers)
            .Where(member => CarriesConnection(member.Type))
            .Select(member => member.Name)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        // The scan must see the one legitimate case (a connection inside a dictionary), or it is not looking.
        Assert.Contains(ConfigurationMember, found);
        Assert.Equal([ConfigurationMember], found);
    }

    /// <summary>Every type a caller outside the assembly can receive from <paramref name="type"/>'s public or protected members.</summary>
    private static IEnumerable<(string Name, Type Type)> OutwardMembers(Type type)
    {
        string Name(MemberInfo member) => $"{type.FullName}.{member.Name}";

        foreach (var property in type.GetProperties(Declared).Where(p => p.GetMethod is { } getter && IsVisible(getter)))
        {
            yield return (Name(property), property.PropertyType);
        }

        foreach (var field in type.GetFields(Declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
        {
            yield return (Name(field), field.FieldType);
        }

        // Property accessors were seen as their properties above; operators stay in (an implicit conversion hands out too).
        var accessors = type.GetProperties(Declared).SelectMany(p => p.GetAccessors(nonPublic: true)).ToHashSet();
        foreach (var method in type.GetMethods(Declared).Where(m => !accessors.Contains(m)).Cast<MethodBase>()
                     .Concat(type.GetConstructors(Declared)).Where(IsVisible))
        {
            if (method is MethodInfo { ReturnType: var returned })
            {
                yield return (Name(method), returned);
            }

            foreach (var parameter in method.GetParameters())
            {
                if (parameter.ParameterType.IsByRef && !parameter.IsIn)
                {
                    yield return (Name(method), parameter.ParameterType);
                }

                // A callback the library invokes receives whatever its delegate's parameters are.
                if (typeof(Delegate).IsAssignableFrom(parameter.ParameterType) && parameter.ParameterType.GetMethod("Invoke") is { } invoke)
                {
                    foreach (var argument in invoke.GetParameters())
                    {
                        yield return (Name(method), argument.ParameterType);
                    }
                }
            }
        }
    }

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    /// <summary>True for <see cref="AgentConnection"/> itself or any type built from it (arrays, Task, dictionaries, by-ref).</summary>
    private static bool CarriesConnection(Type type) =>
        type == typeof(AgentConnection)
        || (type.HasElementType && CarriesConnection(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericArguments().Any(CarriesConnection));
}
