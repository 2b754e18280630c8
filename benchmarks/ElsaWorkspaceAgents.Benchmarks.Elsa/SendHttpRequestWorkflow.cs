using System.Text.Json;
using Elsa.Http;
using Elsa.Workflows;
using Elsa.Workflows.Activities;
using Microsoft.AspNetCore.Http;

namespace ElsaWorkspaceAgents.Benchmarks.Elsa;

/// <summary>
/// HTTP Endpoint → Elsa's own SendHttpRequest → respond with the status: what an Elsa user writes without the pack. The
/// same URL, bearer token, JSON body and Idempotency-Key as Trigger Workspace Agent sends; no validation, retries or audit.
/// </summary>
internal sealed class SendHttpRequestWorkflow : WorkflowBase
{
    public const string Path = "bench/send-http-request";

    protected override void Build(IWorkflowBuilder builder)
    {
        var body = builder.WithVariable<object>();
        var status = builder.WithVariable<int>();
        builder.Root = new Sequence
        {
            Activities =
            {
                BenchActivities.Endpoint(Path, body),
                new SendHttpRequest
                {
                    Url = new(_ => BenchRequest.TriggerUrl),
                    Method = new(HttpMethods.Post),
                    ContentType = new("application/json"),
                    Content = new(context => JsonSerializer.Serialize(new { input = BenchRequest.Field(body.Get(context), "input") })),
                    Authorization = new("Bearer " + Load.LoadWorld.Token),
                    RequestHeaders = new(context => new HttpHeaders { ["Idempotency-Key"] = [BenchRequest.Field(body.Get(context), "key")] }),
                    StatusCode = new(status),
                },
                BenchActivities.Respond(context => status.Get(context)),
            },
        };
    }
}
