using System.Security.Cryptography;
using Elsa.Extensions;
using Elsa.Features.Services;

namespace ElsaWorkspaceAgents.SampleHost;

/// <summary>
/// Elsa's Workflows REST API (what Elsa Studio and scripts talk to) behind Elsa Identity, as in Elsa's own server
/// template: one local administrator, JWT tokens from <c>POST /elsa/api/identity/login</c>, every other API call
/// authenticated. The API is not open: without a token it answers 401.
/// </summary>
public static class WorkflowsApiComposition
{
    /// <summary>The administrator's user name (default <see cref="DefaultAdminUserName"/>).</summary>
    public const string AdminUserNameKey = "Identity:AdminUserName";

    /// <summary>The administrator's password (default <see cref="DefaultAdminPassword"/>: change it anywhere but a laptop).</summary>
    public const string AdminPasswordKey = "Identity:AdminPassword";

    /// <summary>The key that signs the API's tokens; unset, a random one per start (tokens then end with the process).</summary>
    public const string SigningKeyKey = "Identity:SigningKey";

    /// <summary>Elsa's documented default administrator.</summary>
    public const string DefaultAdminUserName = "admin";

    /// <summary>Elsa's documented default password for <see cref="DefaultAdminUserName"/>.</summary>
    public const string DefaultAdminPassword = "password";

    /// <summary>Where the API lives, relative to the host's root.</summary>
    public const string RoutePrefix = "elsa/api";

    /// <summary>Adds Elsa Identity with the local administrator, Elsa's default (JWT or API key) authentication and the Workflows API.</summary>
    public static IModule UseSecuredWorkflowsApi(this IModule elsa, IConfiguration configuration)
    {
        // A key shipped in a sample would let anyone who read it mint admin tokens; a fresh one per start cannot leak that way.
        var signingKey = configuration[SigningKeyKey] is { Length: >= 32 } configured
            ? configured
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var userName = configuration[AdminUserNameKey] is { Length: > 0 } name ? name : DefaultAdminUserName;
        var password = configuration[AdminPasswordKey] is { Length: > 0 } secret ? secret : DefaultAdminPassword;

        return elsa
            .UseIdentity(identity =>
            {
                identity.TokenOptions = options => options.SigningKey = signingKey;
                identity.UseDefaultAdmin(admin => admin.WithAdminUserName(userName).WithAdminPassword(password));
            })
            .UseDefaultAuthentication()
            .UseWorkflowsApi();
    }

    /// <summary>Authentication, authorization and the API's endpoints under <see cref="RoutePrefix"/>.</summary>
    public static WebApplication MapSecuredWorkflowsApi(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWorkflowsApi(RoutePrefix);
        return app;
    }
}
