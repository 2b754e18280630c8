using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Platforms.GptWorkbench;

/// <summary>
/// In-memory GPT Workbench: triggers (with rotating tokens, toggles, allowlists and rolling-hour rate limits), execution logs
/// capped at 50 per trigger, thread histories and webhook deliveries. One lock; snapshots out.
/// </summary>
public sealed class GptWorkbenchState
{
    /// <summary>Execution log entries retained per trigger, as documented.</summary>
    public const int LogCapacity = 50;

    private static readonly TimeSpan RateWindow = TimeSpan.FromHours(1);

    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly Dictionary<string, TriggerEntry> triggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> triggerIdByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WorkbenchThreadMessage>> threads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExecutionEntry> jobs = new(StringComparer.Ordinal);
    private readonly List<WebhookDelivery> deliveries = [];
    private bool trustForwardedFor;

    internal GptWorkbenchState(TimeProvider time) => this.time = time;

    /// <summary>Whether X-Forwarded-For is honoured for the client IP (fixture setting, for tests).</summary>
    public bool TrustForwardedFor
    {
        get
        {
            lock (gate)
            {
                return trustForwardedFor;
            }
        }
    }

    /// <summary>All triggers.</summary>
    public IReadOnlyList<WorkbenchTriggerInfo> Triggers
    {
        get
        {
            lock (gate)
            {
                return this.triggers.Values.Select(t => t.Info()).ToArray();
            }
        }
    }

    /// <summary>All webhook deliveries in creation order.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (gate)
            {
                return this.deliveries.ToArray();
            }
        }
    }

    /// <summary>One trigger, or null.</summary>
    public WorkbenchTriggerInfo? GetTrigger(string triggerId)
    {
        lock (gate)
        {
            return this.triggers.TryGetValue(triggerId, out var trigger) ? trigger.Info() : null;
        }
    }

    /// <summary>A trigger's execution log, newest first (at most <see cref="LogCapacity"/>), or null for an unknown trigger.</summary>
    public IReadOnlyList<WorkbenchExecution>? GetLogs(string triggerId)
    {
        lock (gate)
        {
            return this.triggers.TryGetValue(triggerId, out var trigger) ? trigger.Logs.Select(e => e.Snapshot()).ToArray() : null;
        }
    }

    /// <summary>Every job (an accepted call that queued a prompt) since the last reset, oldest first, also those gone from the 50-entry log.</summary>
    public IReadOnlyList<WorkbenchExecution> Jobs
    {
        get
        {
            lock (gate)
            {
                return jobs.Values.Select(j => j.Snapshot()).OrderBy(j => j.QueuedAt).ToArray();
            }
        }
    }

    /// <summary>A job by id (kept even after it left the 50-entry log), or null.</summary>
    public WorkbenchExecution? GetJob(string jobId)
    {
        lock (gate)
        {
            return jobs.TryGetValue(jobId, out var job) ? job.Snapshot() : null;
        }
    }

    /// <summary>A thread's conversation history, or null for an unknown thread.</summary>
    public IReadOnlyList<WorkbenchThreadMessage>? GetThreadMessages(string threadId)
    {
        lock (gate)
        {
            return threads.TryGetValue(threadId, out var messages) ? messages.ToArray() : null;
        }
    }

    /// <summary>Issues a new token; the old one stops working immediately.</summary>
    public string? RegenerateToken(string triggerId)
    {
        lock (gate)
        {
            if (!this.triggers.TryGetValue(triggerId, out var trigger))
            {
                return null;
            }

            triggerIdByToken.Remove(trigger.ApiToken);
            trigger.ApiToken = Ids.ApiToken();
            triggerIdByToken[trigger.ApiToken] = trigger.Id;
            return trigger.ApiToken;
        }
    }

    /// <summary>Enables or disables a trigger (disabled triggers answer 404 to everything).</summary>
    public bool SetEnabled(string triggerId, bool enabled) => Update(triggerId, t => t.Enabled = enabled);

    /// <summary>Sets the hourly rate limit.</summary>
    public bool SetRateLimit(string triggerId, int perHour)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perHour, 1);
        return Update(triggerId, t => t.RateLimitPerHour = perHour);
    }

    /// <summary>Turns ephemeral execution on or off.</summary>
    public bool SetEphemeral(string triggerId, bool ephemeral) => Update(triggerId, t => t.Ephemeral = ephemeral);

    /// <summary>Replaces the IP whitelist (empty allows all).</summary>
    /// <exception cref="FormatException">An entry is neither an address nor a CIDR block.</exception>
    public bool SetIpWhitelist(string triggerId, IReadOnlyList<string> entries)
    {
        var allowlist = IpAllowlist.Parse(entries);
        return Update(triggerId, t =>
        {
            t.IpWhitelist = entries.ToArray();
            t.Allowlist = allowlist;
        });
    }

    /// <summary>Sets or clears the completion webhook; a null secret keeps the current one.</summary>
    public bool SetWebhook(string triggerId, string? url, string? secret) => Update(triggerId, t =>
    {
        t.WebhookUrl = url;
        if (!string.IsNullOrEmpty(secret))
        {
            t.WebhookSecret = secret;
        }
    });

    internal void Load(GptWorkbenchFixture fixture)
    {
        lock (gate)
        {
            trustForwardedFor = fixture.TrustForwardedFor;
            this.triggers.Clear();
            triggerIdByToken.Clear();
            threads.Clear();
            jobs.Clear();
            this.deliveries.Clear();
            foreach (var thread in fixture.Threads)
            {
                threads[thread.Id] = [];
            }

            foreach (var config in fixture.Triggers)
            {
                var trigger = new TriggerEntry(config);
                this.triggers[trigger.Id] = trigger;
                triggerIdByToken[trigger.ApiToken] = trigger.Id;
            }
        }
    }

    /// <summary>Resolves a URL token to its trigger id, whether enabled or not; null for unknown/rotated tokens.</summary>
    internal string? FindTriggerIdByToken(string token)
    {
        lock (gate)
        {
            return triggerIdByToken.GetValueOrDefault(token);
        }
    }

    /// <summary>Token check and IP check in one consistent view of the trigger.</summary>
    internal GateResult Gate(string token, System.Net.IPAddress? clientIp)
    {
        lock (gate)
        {
            if (!triggerIdByToken.TryGetValue(token, out var id) || !this.triggers.TryGetValue(id, out var trigger))
            {
                return new GateResult(GateOutcome.UnknownToken, null);
            }

            if (!trigger.Enabled)
            {
                return new GateResult(GateOutcome.Disabled, id);
            }

            return trigger.Allowlist.Allows(clientIp) ? new GateResult(GateOutcome.Open, id) : new GateResult(GateOutcome.IpNotAllowed, id);
        }
    }

    /// <summary>Applies the rolling-hour rate limit and, if allowed, queues a job; rate-limited calls are logged too.</summary>
    internal AdmitResult Admit(string triggerId, string prompt, string? source, WorkbenchRequestMetadata metadata)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!this.triggers.TryGetValue(triggerId, out var trigger))
            {
                return new AdmitResult(null, null, 0);
            }

            while (trigger.Window.Count > 0 && now - trigger.Window.Peek() >= RateWindow)
            {
                trigger.Window.Dequeue();
            }

            if (trigger.Window.Count >= trigger.RateLimitPerHour)
            {
                var retryAfter = (int)Math.Ceiling((trigger.Window.Peek() + RateWindow - now).TotalSeconds);
                trigger.AddLog(new ExecutionEntry(null, triggerId, prompt, source, now, metadata)
                {
                    Status = WorkbenchExecutionStatus.RateLimited,
                    ErrorMessage = $"Rate limit exceeded: {trigger.RateLimitPerHour} calls per hour",
                });
                return new AdmitResult(null, null, Math.Max(1, retryAfter));
            }

            trigger.Window.Enqueue(now);
            var job = new ExecutionEntry(Ids.Uuid(), triggerId, prompt, source, now, metadata);
            trigger.AddLog(job);
            trigger.LastJob = job;
            trigger.TotalCalls++;
            trigger.LastTriggeredAt = now;
            jobs[job.JobId!] = job;
            return new AdmitResult(job.JobId, trigger.ThreadId, 0);
        }
    }

    /// <summary>The most recent job of a trigger (rate-limited refusals are not executions).</summary>
    internal WorkbenchExecution? LatestExecution(string triggerId)
    {
        lock (gate)
        {
            return this.triggers.TryGetValue(triggerId, out var trigger) ? trigger.LastJob?.Snapshot() : null;
        }
    }

    internal ProcessingContext? StartProcessing(string jobId)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!jobs.TryGetValue(jobId, out var job) || job.Status != WorkbenchExecutionStatus.Queued || !this.triggers.TryGetValue(job.TriggerId, out var trigger))
            {
                return null;
            }

            job.Status = WorkbenchExecutionStatus.Processing;
            job.RunId = Ids.Prefixed("run_");
            job.StartedAt = now;
            job.Ephemeral = trigger.Ephemeral;
            if (!job.Ephemeral && threads.TryGetValue(trigger.ThreadId, out var history))
            {
                history.Add(new WorkbenchThreadMessage("user", job.Prompt, jobId, now));
            }

            return new ProcessingContext(job.Snapshot(), trigger.FailureMessage);
        }
    }

    /// <summary>Completes or fails a job; returns the final snapshot and the webhook to send, if any.</summary>
    internal (WorkbenchExecution Execution, string? WebhookUrl, string Secret, string ThreadId)? Finish(string jobId, string? response, string? error)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!jobs.TryGetValue(jobId, out var job) || job.Status != WorkbenchExecutionStatus.Processing || !this.triggers.TryGetValue(job.TriggerId, out var trigger))
            {
                return null;
            }

            job.Status = error is null ? WorkbenchExecutionStatus.Completed : WorkbenchExecutionStatus.Failed;
            job.Response = response;
            job.ErrorMessage = error;
            job.CompletedAt = now;
            if (!job.Ephemeral && response is not null && threads.TryGetValue(trigger.ThreadId, out var history))
            {
                history.Add(new WorkbenchThreadMessage("assistant", response, jobId, now));
            }

            return (job.Snapshot(), trigger.WebhookUrl, trigger.WebhookSecret, trigger.ThreadId);
        }
    }

    internal void RecordDelivery(WebhookDelivery delivery)
    {
        lock (gate)
        {
            var index = this.deliveries.FindIndex(d => d.DeliveryId == delivery.DeliveryId);
            if (index >= 0)
            {
                this.deliveries[index] = delivery;
            }
            else
            {
                this.deliveries.Add(delivery);
            }
        }
    }

    private bool Update(string triggerId, Action<TriggerEntry> change)
    {
        lock (gate)
        {
            if (!this.triggers.TryGetValue(triggerId, out var trigger))
            {
                return false;
            }

            change(trigger);
            return true;
        }
    }

    internal enum GateOutcome
    {
        Open,
        UnknownToken,
        Disabled,
        IpNotAllowed,
    }

    internal readonly record struct GateResult(GateOutcome Outcome, string? TriggerId);

    /// <summary>JobId null means refused: RetryAfterSeconds &gt; 0 for rate limiting, 0 when the trigger vanished.</summary>
    internal readonly record struct AdmitResult(string? JobId, string? ThreadId, int RetryAfterSeconds);

    internal sealed record ProcessingContext(WorkbenchExecution Execution, string? FailureMessage);

    private sealed class TriggerEntry(WorkbenchTriggerFixture config)
    {
        public string Id { get; } = config.Id;

        public string ThreadId { get; } = config.ThreadId;

        public string ApiToken { get; set; } = config.ApiToken;

        public bool Enabled { get; set; } = config.Enabled;

        public int RateLimitPerHour { get; set; } = config.RateLimitPerHour;

        public bool Ephemeral { get; set; } = config.Ephemeral;

        public IReadOnlyList<string> IpWhitelist { get; set; } = config.IpWhitelist.ToArray();

        public IpAllowlist Allowlist { get; set; } = IpAllowlist.Parse(config.IpWhitelist);

        public string? WebhookUrl { get; set; } = config.WebhookUrl;

        // Every trigger can sign: a fixture without a secret gets a random one (visible through the admin API).
        public string WebhookSecret { get; set; } = string.IsNullOrEmpty(config.WebhookSecret) ? "whsec_" + Ids.ApiToken(32) : config.WebhookSecret;

        public string? FailureMessage { get; } = config.FailureMessage;

        public Queue<DateTimeOffset> Window { get; } = new();

        public LinkedList<ExecutionEntry> Logs { get; } = new();

        public ExecutionEntry? LastJob { get; set; }

        public long TotalCalls { get; set; }

        public DateTimeOffset? LastTriggeredAt { get; set; }

        public void AddLog(ExecutionEntry entry)
        {
            Logs.AddFirst(entry);
            if (Logs.Count > LogCapacity)
            {
                Logs.RemoveLast();
            }
        }

        public WorkbenchTriggerInfo Info() => new()
        {
            Id = Id,
            Name = config.Name,
            Description = config.Description,
            ThreadId = ThreadId,
            ApiToken = ApiToken,
            Enabled = Enabled,
            RateLimitPerHour = RateLimitPerHour,
            Ephemeral = Ephemeral,
            IpWhitelist = IpWhitelist,
            WebhookUrl = WebhookUrl,
            WebhookSecret = WebhookSecret,
            TotalCalls = TotalCalls,
            LastTriggeredAt = LastTriggeredAt,
        };
    }

    private sealed class ExecutionEntry(string? jobId, string triggerId, string prompt, string? source, DateTimeOffset queuedAt, WorkbenchRequestMetadata metadata)
    {
        public string? JobId { get; } = jobId;

        public string TriggerId { get; } = triggerId;

        public string Prompt { get; } = prompt;

        public WorkbenchExecutionStatus Status { get; set; } = WorkbenchExecutionStatus.Queued;

        public string? RunId { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? CompletedAt { get; set; }

        public string? Response { get; set; }

        public string? ErrorMessage { get; set; }

        public bool Ephemeral { get; set; }

        public WorkbenchExecution Snapshot() => new()
        {
            JobId = JobId,
            TriggerId = TriggerId,
            Status = Status,
            Prompt = Prompt,
            Source = source,
            QueuedAt = queuedAt,
            RunId = RunId,
            StartedAt = StartedAt,
            CompletedAt = CompletedAt,
            Response = Response,
            ErrorMessage = ErrorMessage,
            Metadata = metadata,
        };
    }
}
