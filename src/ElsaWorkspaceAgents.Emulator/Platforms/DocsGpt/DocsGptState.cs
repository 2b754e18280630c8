using System.Text.Json.Nodes;
using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Platforms.DocsGpt;

/// <summary>In-memory DocsGPT: agents by webhook token, tasks, and 24-hour Idempotency-Key memory per agent.</summary>
public sealed class DocsGptState
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DocsGptAgentFixture> _agentsByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocsGptAgentFixture> _agentsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocsGptTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<(string AgentId, string Key), (string TaskId, DateTimeOffset At)> _idempotency = [];
    private TimeSpan _window = TimeSpan.FromHours(24);
    private bool _workersAvailable = true;
    private int? _unpickedTaskStatusCode;

    internal DocsGptState(TimeProvider time) => _time = time;

    /// <summary>False while no Celery worker picks tasks up (<see cref="DocsGptFixture.WorkersAvailable"/>).</summary>
    public bool WorkersAvailable
    {
        get { lock (_gate) { return _workersAvailable; } }
    }

    /// <summary>What <c>task_status</c> answers for a task no worker picked up yet; null for Celery's <c>PENDING</c>.</summary>
    public int? UnpickedTaskStatusCode
    {
        get { lock (_gate) { return _unpickedTaskStatusCode; } }
    }

    /// <summary>Switches the simulated workers on or off and sets the unpicked task's status answer (admin API).</summary>
    internal void SetWorkers(bool available, int? unpickedTaskStatusCode)
    {
        lock (_gate)
        {
            _workersAvailable = available;
            _unpickedTaskStatusCode = unpickedTaskStatusCode;
        }
    }

    /// <summary>All tasks in creation order.</summary>
    public IReadOnlyList<DocsGptTask> Tasks
    {
        get
        {
            lock (_gate)
            {
                return _order.Select(id => _tasks[id]).ToArray();
            }
        }
    }

    /// <summary>Configured agents.</summary>
    public IReadOnlyList<DocsGptAgentFixture> Agents
    {
        get
        {
            lock (_gate)
            {
                return _agentsById.Values.ToArray();
            }
        }
    }

    /// <summary>One task, or null.</summary>
    public DocsGptTask? GetTask(string taskId)
    {
        lock (_gate)
        {
            return _tasks.GetValueOrDefault(taskId);
        }
    }

    internal void Load(DocsGptFixture fixture)
    {
        lock (_gate)
        {
            _agentsByToken.Clear();
            _agentsById.Clear();
            _tasks.Clear();
            _order.Clear();
            _idempotency.Clear();
            _window = TimeSpan.FromHours(fixture.IdempotencyWindowHours);
            _workersAvailable = fixture.WorkersAvailable;
            _unpickedTaskStatusCode = fixture.UnpickedTaskStatusCode;
            foreach (var agent in fixture.Agents)
            {
                _agentsByToken[agent.WebhookToken] = agent;
                _agentsById[agent.Id] = agent;
            }
        }
    }

    internal DocsGptAgentFixture? FindAgentByToken(string token)
    {
        lock (_gate)
        {
            return _agentsByToken.GetValueOrDefault(token);
        }
    }

    internal DocsGptAgentFixture? FindAgent(string agentId)
    {
        lock (_gate)
        {
            return _agentsById.GetValueOrDefault(agentId);
        }
    }

    /// <summary>Creates a PENDING task, or returns the original task id for a key seen within the window.</summary>
    internal (string TaskId, bool IsReplay) Enqueue(DocsGptAgentFixture agent, JsonNode? payload, string method, string? idempotencyKey)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (idempotencyKey is not null
                && _idempotency.TryGetValue((agent.Id, idempotencyKey), out var seen)
                && now - seen.At < _window
                && _tasks.TryGetValue(seen.TaskId, out var original))
            {
                _tasks[seen.TaskId] = original with { DuplicateHits = original.DuplicateHits + 1 };
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
            _tasks[task.TaskId] = task;
            _order.Add(task.TaskId);
            if (idempotencyKey is not null)
            {
                _idempotency[(agent.Id, idempotencyKey)] = (task.TaskId, now);
            }

            return (task.TaskId, false);
        }
    }

    /// <summary>Moves a task on; false when it no longer exists (reset).</summary>
    internal bool Transition(string taskId, string status, JsonNode? result)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_tasks.TryGetValue(taskId, out var task))
            {
                return false;
            }

            _tasks[taskId] = task with
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
