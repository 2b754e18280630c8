using Elsa.Workflows;
using Elsa.Workflows.Models;

namespace ElsaWorkspaceAgents.ElsaTests.Infrastructure;

/// <summary>Reads what an activity wrote to its outputs (Elsa's activity output register), whether or not they were bound to a variable.</summary>
public static class OutputExtensions
{
    public static object? Output(this ActivityExecutionContext context, string name) =>
        context.WorkflowExecutionContext.GetActivityOutputRegister().FindOutputByActivityInstanceId(context.Id, name);

    public static string? Text(this ActivityExecutionContext context, string name) => context.Output(name)?.ToString();

    /// <summary>The last value an activity wrote to an output during a workflow run.</summary>
    public static object? Output(this RunWorkflowResult result, IActivity activity, string name) =>
        result.WorkflowExecutionContext.GetActivityOutputRegister().FindOutputByActivityId(activity.Id, name);

    public static string? Text(this RunWorkflowResult result, IActivity activity, string name) => result.Output(activity, name)?.ToString();
}
