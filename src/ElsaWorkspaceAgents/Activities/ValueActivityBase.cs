using Elsa.Extensions;
using Elsa.Workflows;
using Elsa.Workflows.Activities.Flowchart.Attributes;
using Elsa.Workflows.Attributes;
using Elsa.Workflows.Models;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;

namespace ElsaWorkspaceAgents.Activities;

/// <summary>
/// What the activities that only compute a value share: they call the core, set one output and end with Done, or,
/// when the core refuses the input (<see cref="AgentInputException"/>), set Error and end with Invalid Input.
/// </summary>
[FlowNode(WorkspaceAgentsActivityMetadata.Done, WorkspaceAgentsActivityMetadata.InvalidInput)]
public abstract class ValueActivityBase : Activity
{
    /// <inheritdoc />
    protected ValueActivityBase(string? source = null, int? line = null) : base(source, line)
    {
    }

    /// <summary>Why the value could not be computed.</summary>
    [Output(Description = "Why the value could not be computed (on Invalid Input).")]
    public Output<string?>? Error { get; set; }

    /// <summary>
    /// Writes the value to the activity's output, in the subclass so that Elsa records it under that output's name
    /// (<c>context.Set</c> takes the name from the argument expression).
    /// </summary>
    protected abstract void SetResult(ActivityExecutionContext context, string value);

    /// <summary>Computes the value; throws <see cref="AgentInputException"/> for input the core refuses.</summary>
    protected abstract string Compute(ActivityExecutionContext context);

    /// <inheritdoc />
    protected sealed override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        string value;
        try
        {
            value = Compute(context);
        }
        catch (AgentInputException exception)
        {
            context.Set(Error, exception.Message);
            await context.CompleteActivityWithOutcomesAsync(WorkspaceAgentsActivityMetadata.InvalidInput);
            return;
        }

        SetResult(context, value);
        await context.CompleteActivityWithOutcomesAsync(WorkspaceAgentsActivityMetadata.Done);
    }
}
