using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>In-memory DocsGPT: agents by webhook token, tasks, and 24-hour Idempotency-Key memory per agent.</summary>
public sealed class DocsGptState
{
    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly Dictionary<string, DocsGptAgentFixture> agentsByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocsGptAgentFixture> agentsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocsGptTask> tasks = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly Dictionary<(string AgentId, string Key), (string TaskId, DateTimeOffset At)> idempotency = [];
    private TimeSpan window = TimeSpan.FromHours(24);
    private bool workersAvailable = true;
    private int? unpickedTaskStatusCode;

    internal DocsGptState(TimeProvider time) => this.time = time;

    /// <summary>False while no Celery worker picks tasks up (<see cref="DocsGptFixture.WorkersAvailable"/>).</summary>
    public bool WorkersAvailable
    {
        get { lock (gate) { return workersAvailable; } }
    }

    /// <summary>What <c>task_status</c> answers for a task no worker picked up yet; null for Celery's <c>PENDING</c>.</summary>
    public int? UnpickedTaskStatusCode
    {
        get { lock (gate) { return this.unpickedTaskStatusCode; } }
    }

    /// <summary>Switches the simulated workers on or off and sets the unpicked task's status answer (admin API).</summary>
    internal void SetWorkers(bool available, int? unpickedTaskStatusCode)
    {
        lock (gate)
        {
            workersAvailable = available;
            this.unpickedTaskStatusCode = unpickedTaskStatusCode;
        }
    }

    /// <summary>All tasks in creation order.</summary>
    public IReadOnlyList<DocsGptTask> Tasks
    {
        get
        {
            lock (gate)
            {
                return this.order.Select(id => this.tasks[id]).ToArray();
            }
        }
    }

    /// <summary>Configured agents.</summary>
    public IReadOnlyList<DocsGptAgentFixture> Agents
    {
        get
        {
            lock (gate)
            {
                return agentsById.Values.ToArray();
            }
        }
    }

    /// <summary>One task, or null.</summary>
    public DocsGptTask? GetTask(string taskId)
    {
        lock (gate)
        {
            return this.tasks.GetValueOrDefault(taskId);
        }
    }

    internal void Load(DocsGptFixture fixture)
    {
        lock (gate)
        {
            agentsByToken.Clear();
            agentsById.Clear();
            this.tasks.Clear();
            this.order.Clear();
            idempotency.Clear();
            this.window = TimeSpan.FromHours(fixture.IdempotencyWindowHours);
            workersAvailable = fixture.WorkersAvailable;
            this.unpickedTaskStatusCode = fixture.UnpickedTaskStatusCode;
            foreach (var agent in fixture.Agents)
            {
                agentsByToken[agent.WebhookToken] = agent;
                agentsById[agent.Id] = agent;
            }
        }
    }

    internal DocsGptAgentFixture? FindAgentByToken(string token)
    {
        lock (gate)
        {
            return agentsByToken.GetValueOrDefault(token);
        }
    }

    internal DocsGptAgentFixture? FindAgent(string agentId)
    {
        lock (gate)
        {
            return agentsById.GetValueOrDefault(agentId);
        }
    }

    /// <summary>Creates a PENDING task, or returns the original task id for a key seen within the window.</summary>
    internal (string TaskId, bool IsReplay) Enqueue(DocsGptAgentFixture agent, JsonNode? payload, string method, string? idempotencyKey)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (idempotencyKey is not null
                && idempotency.TryGetValue((agent.Id, idempotencyKey), out var seen)
                && now - seen.At < this.window
                && this.tasks.TryGetValue(seen.TaskId, out var original))
            {
                this.tasks[seen.TaskId] = original with { DuplicateHits = original.DuplicateHits + 1 };
                return (seen.TaskId, true);
            }

            var task = new DocsGptTask
            {
                TaskId = Ids.Uuid(),
                AgentId = agent.Id,
                AgentName = agent.Name,
                Method = method,
                Payload = payload,
                IdempotencyKey = idempotencyKey,
                Status = DocsGptTaskStatus.Pending,
                History = [new DocsGptStatusChange(DocsGptTaskStatus.Pending, now)],
                CreatedAt = now,
                UpdatedAt = now,
            };
            this.tasks[task.TaskId] = task;
            this.order.Add(task.TaskId);
            if (idempotencyKey is not null)
            {
                idempotency[(agent.Id, idempotencyKey)] = (task.TaskId, now);
            }

            return (task.TaskId, false);
        }
    }

    /// <summary>Moves a task on; false when it no longer exists (reset).</summary>
    internal bool Transition(string taskId, string status, JsonNode? result)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!this.tasks.TryGetValue(taskId, out var task))
            {
                return false;
            }

            this.tasks[taskId] = task with
            {
                Status = status,
                Result = result,
                UpdatedAt = now,
                History = [.. task.History, new DocsGptStatusChange(status, now)],
            };
            return true;
        }
    }
}
