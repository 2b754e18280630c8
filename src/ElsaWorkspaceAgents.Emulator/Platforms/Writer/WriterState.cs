using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Platforms.Writer;

/// <summary>In-memory Writer Agent Builder: API keys, agents and blueprints, async jobs and every started execution.</summary>
public sealed class WriterState
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly HashSet<string> _apiKeys = new(StringComparer.Ordinal);
    private readonly List<WriterAgentFixture> _agents = [];
    private readonly Dictionary<string, WriterJob> _jobs = new(StringComparer.Ordinal);
    private readonly List<string> _jobOrder = [];
    private readonly List<WriterExecution> _executions = [];

    internal WriterState(TimeProvider time) => _time = time;

    /// <summary>The job ID's field name in job answers (<see cref="WriterFixture.JobIdField"/>).</summary>
    public string JobIdField { get; private set; } = "job_id";

    /// <summary>The status word of a failed job (<see cref="WriterFixture.FailedJobStatus"/>).</summary>
    public string FailedJobStatus { get; private set; } = WriterJobStatus.Error;

    /// <summary>Async jobs in creation order.</summary>
    public IReadOnlyList<WriterJob> Jobs
    {
        get
        {
            lock (_gate)
            {
                return _jobOrder.Select(id => _jobs[id]).ToArray();
            }
        }
    }

    /// <summary>Every execution started (streamed or job), in order.</summary>
    public IReadOnlyList<WriterExecution> Executions
    {
        get
        {
            lock (_gate)
            {
                return _executions.ToArray();
            }
        }
    }

    /// <summary>Configured agents (deployed or not).</summary>
    public IReadOnlyList<WriterAgentFixture> Agents
    {
        get
        {
            lock (_gate)
            {
                return _agents.ToArray();
            }
        }
    }

    /// <summary>One job, or null.</summary>
    public WriterJob? GetJob(string jobId)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(jobId);
        }
    }

    internal void Load(WriterFixture fixture)
    {
        lock (_gate)
        {
            _apiKeys.Clear();
            _apiKeys.UnionWith(fixture.ApiKeys);
            JobIdField = fixture.JobIdField;
            FailedJobStatus = fixture.FailedJobStatus;
            _agents.Clear();
            _agents.AddRange(fixture.Agents);
            _jobs.Clear();
            _jobOrder.Clear();
            _executions.Clear();
        }
    }

    internal bool IsValidApiKey(string key)
    {
        lock (_gate)
        {
            return _apiKeys.Contains(key);
        }
    }

    /// <summary>Only deployed agents exist as far as the API is concerned.</summary>
    internal WriterAgentFixture? FindDeployedAgent(string agentId)
    {
        lock (_gate)
        {
            return _agents.FirstOrDefault(a => a.Deployed && a.Id == agentId);
        }
    }

    internal WriterExecution RecordExecution(string agentId, string blueprintId, string mode, JsonNode? inputs, string? jobId)
    {
        var execution = new WriterExecution(Ids.Prefixed("exec_"), agentId, blueprintId, mode, inputs, jobId, _time.GetUtcNow());
        lock (_gate)
        {
            _executions.Add(execution);
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
            CreatedAt = _time.GetUtcNow(),
        };
        lock (_gate)
        {
            _jobs[job.JobId] = job;
            _jobOrder.Add(job.JobId);
        }

        return job;
    }

    internal bool UpdateJob(string jobId, Func<WriterJob, DateTimeOffset, WriterJob> change)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_jobs.TryGetValue(jobId, out var job))
            {
                return false;
            }

            _jobs[jobId] = change(job, now);
            return true;
        }
    }
}
