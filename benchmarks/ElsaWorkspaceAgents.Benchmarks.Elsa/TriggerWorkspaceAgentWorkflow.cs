using Elsa.Workflows;
using Elsa.Workflows.Activities;
using ElsaWorkspaceAgents.Activities;

namespace ElsaWorkspaceAgents.Benchmarks.Elsa;

/// <summary>HTTP Endpoint → Trigger Workspace Agent → respond with the platform's status: ours, with validation, retries, audit and outcome.</summary>
internal sealed class TriggerWorkspaceAgentWorkflow : WorkflowBase
{
    public const string Path = "bench/trigger-workspace-agent";

    protected override void Build(IWorkflowBuilder builder)
    {
        var body = builder.WithVariable<object>();
        var status = builder.WithVariable<int?>();
        builder.Root = new Sequence
        {
            Activities =
            {
                BenchActivities.Endpoint(Path, body),
                new TriggerWorkspaceAgent
                {
                    Connection = new(LoadWorldConnection.Name),
                    InputText = new(context => BenchRequest.Field(body.Get(context), "input")),
                    IdempotencyKey = new(context => BenchRequest.Field(body.Get(context), "key")),
                    HttpStatus = new(status),
                },
                BenchActivities.Respond(context => status.Get(context)),
            },
        };
    }
}
