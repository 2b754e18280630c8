using ElsaWorkspaceAgents.Emulator.Chaos;
using ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>Catches fixture mistakes at load time rather than as confusing 404s during a test.</summary>
internal static class FixtureValidator
{
    public static void Validate(EmulatorFixture fixture)
    {
        var errors = new List<string>();
        ValidateWorkspaceAgents(fixture.WorkspaceAgents ?? new(), errors);
        ValidateGptWorkbench(fixture.GptWorkbench ?? new(), errors);
        ValidateDocsGpt(fixture.DocsGpt ?? new(), errors);
        ValidateWriter(fixture.Writer ?? new(), errors);
        ValidateChaos(fixture.Chaos ?? new(), errors);
        if (errors.Count > 0)
        {
            throw new FixtureException("The fixture is invalid:\n- " + string.Join("\n- ", errors));
        }
    }

    private static void ValidateWorkspaceAgents(WorkspaceAgentsFixture wa, List<string> errors)
    {
        Unique(wa.AccessTokens.Select(t => t.Token), "workspaceAgents access token", errors);
        Unique(wa.Destinations.Select(d => d.Name), "workspaceAgents destination", errors);
        Unique(wa.Agents.Select(a => a.Id), "workspaceAgents agent id", errors);
        Unique(wa.Agents.SelectMany(a => a.Channels).Select(c => c.Id), "workspaceAgents channel id", errors);
        var destinations = wa.Destinations.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        if (wa.AccessTokens.Any(t => string.IsNullOrEmpty(t.UserId)))
        {
            errors.Add("A workspaceAgents access token has no userId.");
        }

        foreach (var agent in wa.Agents)
        {
            if (!destinations.Contains(agent.DefaultDestination))
            {
                errors.Add($"Workspace agent '{agent.Id}' has unknown defaultDestination '{agent.DefaultDestination}'.");
            }

            foreach (var name in agent.Destinations.Where(n => !destinations.Contains(n)))
            {
                errors.Add($"Workspace agent '{agent.Id}' lists unknown destination '{name}'.");
            }
        }

        if (wa.IdempotencyWindowHours <= 0)
        {
            errors.Add("workspaceAgents.idempotencyWindowHours must be positive.");
        }
    }

    private static void ValidateGptWorkbench(GptWorkbenchFixture gw, List<string> errors)
    {
        Unique(gw.Threads.Select(t => t.Id), "gptWorkbench thread id", errors);
        Unique(gw.Triggers.Select(t => t.Id), "gptWorkbench trigger id", errors);
        Unique(gw.Triggers.Select(t => t.ApiToken), "gptWorkbench api token", errors);
        var threads = gw.Threads.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var trigger in gw.Triggers)
        {
            if (!threads.Contains(trigger.ThreadId))
            {
                errors.Add($"GPT Workbench trigger '{trigger.Id}' refers to unknown thread '{trigger.ThreadId}'.");
            }

            if (trigger.RateLimitPerHour < 1)
            {
                errors.Add($"GPT Workbench trigger '{trigger.Id}' needs rateLimitPerHour >= 1.");
            }

            foreach (var entry in trigger.IpWhitelist.Where(e => !IpAllowlist.TryParseEntry(e, out _)))
            {
                errors.Add($"GPT Workbench trigger '{trigger.Id}' has invalid ipWhitelist entry '{entry}'.");
            }

            if (trigger.WebhookUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                errors.Add($"GPT Workbench trigger '{trigger.Id}' has invalid webhookUrl.");
            }
        }
    }

    private static void ValidateDocsGpt(DocsGptFixture docs, List<string> errors)
    {
        Unique(docs.Agents.Select(a => a.Id), "docsGpt agent id", errors);
        Unique(docs.Agents.Select(a => a.WebhookToken), "docsGpt webhook token", errors);
        if (docs.IdempotencyWindowHours <= 0)
        {
            errors.Add("docsGpt.idempotencyWindowHours must be positive.");
        }

        if (docs.UnpickedTaskStatusCode is { } code && code is < 400 or > 599)
        {
            errors.Add("docsGpt.unpickedTaskStatusCode must be a 4xx or 5xx status.");
        }
    }

    private static void ValidateWriter(WriterFixture writer, List<string> errors)
    {
        Unique(writer.Agents.Select(a => a.Id), "writer agent id", errors);
        foreach (var agent in writer.Agents)
        {
            Unique(agent.Blueprints.Select(b => b.Id), $"writer blueprint id of agent '{agent.Id}'", errors);
        }

        if (writer.JobIdField is not ("job_id" or "id"))
        {
            errors.Add("writer.jobIdField must be 'job_id' or 'id'.");
        }

        if (writer.FailedJobStatus is not ("error" or "failed"))
        {
            errors.Add("writer.failedJobStatus must be 'error' or 'failed'.");
        }
    }

    private static void ValidateChaos(ChaosSettings chaos, List<string> errors)
    {
        foreach (var rule in chaos.Rules)
        {
            if (rule.Probability is < 0 or > 1)
            {
                errors.Add($"Chaos rule '{rule.Id}' needs probability between 0 and 1.");
            }

            if (rule.Mode == ChaosMode.ServerError && rule.StatusCode is < 500 or > 599)
            {
                errors.Add($"Chaos rule '{rule.Id}' needs a 5xx statusCode.");
            }

            if (rule.Count is < 0)
            {
                errors.Add($"Chaos rule '{rule.Id}' needs a non-negative count.");
            }
        }
    }

    private static void Unique(IEnumerable<string> values, string what, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add($"A {what} is empty.");
            }
            else if (!seen.Add(value))
            {
                errors.Add($"Duplicate {what} '{value}'.");
            }
        }
    }
}
