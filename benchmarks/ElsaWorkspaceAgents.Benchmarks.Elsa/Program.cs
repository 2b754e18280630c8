// The Elsa-level comparison (README "Benchmarks"): the same HTTP Endpoint -> trigger -> respond workflow, once with
// Trigger Workspace Agent and once with Elsa's SendHttpRequest, executed side by side against one emulator.
// Arguments: [--count N] [--rounds N] [--callers 1,16] [--warm-up N]
using ElsaWorkspaceAgents.Benchmarks.Elsa;

return await ElsaComparison.RunAsync(args);
