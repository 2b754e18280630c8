using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>In-memory Writer Agent Builder: API keys, agents and blueprints, async jobs and every started execution.</summary>
public sealed class WriterState
{
    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly HashSet<string> apiKeys = new(StringComparer.Ordinal);
    private readonly List<WriterAgentFixture> agents = [];
    private readonly Dictionary<string, WriterJob> jobs = new(StringComparer.Ordinal);
    private readonly List<string> jobOrder = [];
    private readonly List<WriterExecution> executions = [];

    internal WriterState(TimeProvider time) => this.time = time;

    /// <summary>The job ID's field name in job answers (<see cref="WriterFixture.JobIdField"/>).</summary>
    public string JobIdField { get; private set; } = "job_id";

    /// <summary>The status word of a failed job (<see cref="WriterFixture.FailedJobStatus"/>).</summary>
    public string FailedJobStatus { get; private set; } = WriterJobStatus.Error;

    /// <summary>Async jobs in creation order.</summary>
    public IReadOnlyList<WriterJob> Jobs
    {
        get
        {
            lock (gate)
            {
                return jobOrder.Select(id => this.jobs[id]).ToArray();
            }
        }
    }

    /// <summary>Every execution started (streamed or job), in order.</summary>
    public IReadOnlyList<WriterExecution> Executions
    {
        get
        {
            lock (gate)
            {
                return executions.ToArray();
            }
        }
    }

    /// <summary>Configured agents (deployed or not).</summary>
    public IReadOnlyList<WriterAgentFixture> Agents
    {
        get
        {
            lock (gate)
            {
                return this.agents.ToArray();
            }
        }
    }

    /// <summary>One job, or null.</summary>
    public WriterJob? GetJob(string jobId)
    {
        lock (gate)
        {
            return this.jobs.GetValueOrDefault(jobId);
        }
    }

    internal void Load(WriterFixture fixture)
    {
        lock (gate)
        {
            apiKeys.Clear();
            apiKeys.UnionWith(fixture.ApiKeys);
            JobIdField = fixture.JobIdField;
            FailedJobStatus = fixture.FailedJobStatus;
            this.agents.Clear();
            this.agents.AddRange(fixture.Agents);
            this.jobs.Clear();
            jobOrder.Clear();
            executions.Clear();
        }
    }

    internal bool IsValidApiKey(string key)
    {
        lock (gate)
        {
            return apiKeys.Contains(key);
        }
    }

    /// <summary>Only deployed agents exist as far as the API is concerned.</summary>
    internal WriterAgentFixture? FindDeployedAgent(string agentId)
    {
        lock (gate)
        {
            return this.agents.FirstOrDefault(a => a.Deployed && a.Id == agentId);
        }
    }

    internal WriterExecution RecordExecution(string agentId, string blueprintId, string mode, JsonNode? inputs, string? jobId)
    {
        var execution = new WriterExecution(Ids.Prefixed("exec_"), agentId, blueprintId, mode, inputs, jobId, this.time.GetUtcNow());
        lock (gate)
        {
            executions.Add(execution);
        }

        return execution;
    }

    internal WriterJob CreateJob(string agentId, string blueprintId, JsonNode? inputs)
    {
        var job = new WriterJob
        {
            JobId = Ids.Uuid(),
            AgentId = agentId,
            BlueprintId = blueprintId,
            Status = WriterJobStatus.Queued,
            Artifact = string.Empty,
            Inputs = inputs,
            CreatedAt = this.time.GetUtcNow(),
        };
        lock (gate)
        {
            this.jobs[job.JobId] = job;
            jobOrder.Add(job.JobId);
        }

        return job;
    }

    internal bool UpdateJob(string jobId, Func<WriterJob, DateTimeOffset, WriterJob> change)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!this.jobs.TryGetValue(jobId, out var job))
            {
                return false;
            }

            this.jobs[jobId] = change(job, now);
            return true;
        }
    }
}
