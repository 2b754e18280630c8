using System.Net;
using Elsa.Http;
using Elsa.Workflows.Memory;
using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Benchmarks.Elsa;

/// <summary>The two ends both workflows share, so they differ only in how they call the agent.</summary>
internal static class BenchActivities
{
    /// <summary>POST /workflows/{path}, starting the workflow, the parsed JSON body into <paramref name="body"/>.</summary>
    public static HttpEndpoint Endpoint(string path, Variable<object> body) => new()
    {
        Path = new(path),
        SupportedMethods = new(new[] { HttpMethods.Post }),
        CanStartWorkflow = true,
        ParsedContent = new(body),
    };

    /// <summary>Answers the caller with the status the agent platform answered.</summary>
    public static WriteHttpResponse Respond(Func<global::Elsa.Expressions.Models.ExpressionExecutionContext, int?> status) => new()
    {
        StatusCode = new(context => (HttpStatusCode)(status(context) ?? 500)),
        Content = new("done"),
    };
}
