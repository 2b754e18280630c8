using System.Text.Json;
using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;
using ElsaWorkspaceAgents.Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>
/// Writer blueprint endpoints. Checks: API key (401), deployed agent (404), blueprint starting with an API Trigger (404),
/// body with an <c>inputs</c> key (400).
/// </summary>
internal sealed class WriterRequestHandler(
    WriterState state,
    BackgroundWorkQueue queue,
    WriterJobRunner jobRunner,
    EmulatorTimings timings,
    ILogger<WriterRequestHandler> logger)
{
    public async Task<IResult> StreamAsync(string agentId, string blueprintId, HttpContext context)
    {
        var (refusal, blueprint, inputs) = await AdmitAsync(agentId, blueprintId, context).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        state.RecordExecution(agentId, blueprintId, "stream", inputs, null);
        WriterLog.Started(logger, blueprintId, agentId, "stream");
        return new WriterStreamResult(blueprint!, ReturnValueRenderer.Render(blueprint!.ReturnValue, inputs), timings);
    }

    public async Task<IResult> CreateJobAsync(string agentId, string blueprintId, HttpContext context)
    {
        var (refusal, blueprint, inputs) = await AdmitAsync(agentId, blueprintId, context).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var job = state.CreateJob(agentId, blueprintId, inputs);
        state.RecordExecution(agentId, blueprintId, "job", inputs, job.JobId);
        queue.Enqueue(ct => jobRunner.RunAsync(job.JobId, blueprint!, ct));
        WriterLog.Started(logger, blueprintId, agentId, "job");
        return Results.Json(new Dictionary<string, string> { [state.JobIdField] = job.JobId, ["status"] = job.Status }, ApiJson.Wire);
    }

    public IResult GetJob(string jobId, HttpContext context)
    {
        if (!Authorized(context))
        {
            return WriterErrors.Unauthorized();
        }

        if (state.GetJob(jobId) is not { } job)
        {
            return WriterErrors.Create(StatusCodes.Status404NotFound, $"Job '{jobId}' not found.", "fail.job.not_found");
        }

        return Results.Json(
            new Dictionary<string, string?>
            {
                [state.JobIdField] = job.JobId,
                ["agent_id"] = job.AgentId,
                ["blueprint_id"] = job.BlueprintId,
                ["status"] = job.Status,
                ["artifact"] = job.Artifact,
                ["error"] = job.Error,
                ["started_at"] = Timestamps.Micro(job.StartedAt),
                ["finished_at"] = Timestamps.Micro(job.FinishedAt),
            },
            ApiJson.Wire);
    }

    public IResult ListAgents(HttpContext context)
    {
        if (!Authorized(context))
        {
            return WriterErrors.Unauthorized();
        }

        var type = context.Request.Query["type"].FirstOrDefault();
        var agents = type is null || type == "builder"
            ? state.Agents.Where(a => a.Deployed).ToArray()
            : [];
        var data = agents.Select(a => new
        {
            id = a.Id,
            name = a.Name,
            description = a.Description,
            type = "builder",
            status = "deployed",
            blueprints = a.Blueprints.Where(b => b.StartsWithApiTrigger).Select(b => new { id = b.Id, name = b.Name, trigger = "api" }).ToArray(),
        }).ToArray();
        return Results.Json(
            new { data, has_more = false, first_id = data.FirstOrDefault()?.id, last_id = data.LastOrDefault()?.id },
            ApiJson.Wire);
    }

    /// <summary>Chaos targets name the blueprint id.</summary>
    public static string? ResolveBlueprintId(HttpContext context) => context.Request.RouteValues["blueprint_id"] as string;

    private async Task<(IResult? Refusal, WriterBlueprintFixture? Blueprint, JsonNode? Inputs)> AdmitAsync(string agentId, string blueprintId, HttpContext context)
    {
        if (!Authorized(context))
        {
            WriterLog.Refused(logger, 401, "missing or invalid API key");
            return (WriterErrors.Unauthorized(), null, null);
        }

        if (state.FindDeployedAgent(agentId) is not { } agent)
        {
            WriterLog.Refused(logger, 404, "agent not found or not deployed");
            return (WriterErrors.AgentNotFound(agentId), null, null);
        }

        var blueprint = agent.Blueprints.FirstOrDefault(b => b.Id == blueprintId && b.StartsWithApiTrigger);
        if (blueprint is null)
        {
            WriterLog.Refused(logger, 404, "blueprint not found or not API-triggered");
            return (WriterErrors.BlueprintNotFound(blueprintId), null, null);
        }

        var body = await JsonBody.ReadAsync(context.Request, requireJsonContentType: false, context.RequestAborted).ConfigureAwait(false);
        if (body.Status != JsonBodyStatus.Ok || body.Root.ValueKind != JsonValueKind.Object)
        {
            WriterLog.Refused(logger, 400, "body is not a JSON object");
            return (WriterErrors.Create(StatusCodes.Status400BadRequest, "The request body must be a JSON object with an 'inputs' key.", "fail.validation.body"), null, null);
        }

        if (!body.Root.TryGetProperty("inputs", out var inputs))
        {
            WriterLog.Refused(logger, 400, "inputs missing");
            return (WriterErrors.Create(StatusCodes.Status400BadRequest, "Missing required field 'inputs'. Include your data under the 'inputs' key.", "fail.validation.inputs"), null, null);
        }

        return (null, blueprint, JsonNode.Parse(inputs.GetRawText()));
    }

    private bool Authorized(HttpContext context) =>
        BearerToken.TryRead(context.Request, out var key) == BearerTokenStatus.Present && state.IsValidApiKey(key);
}
