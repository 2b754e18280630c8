namespace ElsaWorkspaceAgents.Emulator.Fixtures;

/// <summary>The DocsGPT side of a fixture.</summary>
public sealed class DocsGptFixture
{
    /// <summary>Agents with incoming webhook tokens.</summary>
    public List<DocsGptAgentFixture> Agents { get; set; } = [];

    /// <summary>Idempotency-Key retention; the platform documents 24 hours.</summary>
    public int IdempotencyWindowHours { get; set; } = 24;

    /// <summary>
    /// False: no Celery worker picks tasks up, so they stay PENDING until workers become available again
    /// (<c>PUT /_emulator/docsgpt/workers</c>). Default true.
    /// </summary>
    public bool WorkersAvailable { get; set; } = true;

    /// <summary>
    /// When set (e.g. 503), <c>task_status</c> answers this status for a task no worker has picked up yet, as a
    /// DocsGPT whose result backend has nothing to report does; null answers <c>PENDING</c> as Celery does.
    /// </summary>
    public int? UnpickedTaskStatusCode { get; set; }
}

/// <summary>How a DocsGPT agent's tasks end.</summary>
public enum DocsGptBehavior
{
    /// <summary>PENDING, STARTED, PROGRESS, SUCCESS.</summary>
    Succeed,

    /// <summary>PENDING, STARTED, PROGRESS, FAILURE.</summary>
    Fail,

    /// <summary>PENDING, STARTED, RETRY, STARTED, PROGRESS, SUCCESS.</summary>
    Retry,
}

/// <summary>A DocsGPT agent.</summary>
public sealed class DocsGptAgentFixture
{
    /// <summary>Agent id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Agent name, used in the simulated answer.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret token in <c>/api/webhooks/agents/{token}</c>.</summary>
    public string WebhookToken { get; set; } = string.Empty;

    /// <summary>Task outcome.</summary>
    public DocsGptBehavior Behavior { get; set; } = DocsGptBehavior.Succeed;

    /// <summary>Result text for failing tasks (and the retry reason for retrying ones).</summary>
    public string? FailureMessage { get; set; }
}
