using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>
/// In-memory Workspace Agents world: configuration from the fixture plus runs, conversations, writes and idempotency records.
/// One lock guards everything; records handed out are immutable snapshots, safe to assert on while work continues.
/// </summary>
public sealed class WorkspaceAgentsState
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;

    private Dictionary<string, AccessTokenFixture> _tokens = new(StringComparer.Ordinal);
    private Dictionary<string, (WorkspaceAgentFixture Agent, ApiChannelFixture Channel)> _channels = new(StringComparer.Ordinal);
    private Dictionary<string, DestinationFixture> _destinations = new(StringComparer.Ordinal);
    private TimeSpan _idempotencyWindow = TimeSpan.FromHours(24);

    private readonly Dictionary<string, WorkspaceAgentRun> _runs = new(StringComparer.Ordinal);
    private readonly List<string> _runOrder = [];
    private readonly Dictionary<(string Channel, string Key), (string RunId, DateTimeOffset At, string Body)> _idempotency = [];
    private readonly List<IdempotentReplay> _replays = [];
    private readonly Dictionary<string, ConversationEntry> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AgentId, string Key), string> _conversationKeys = [];
    private readonly List<string> _conversationOrder = [];
    private readonly Dictionary<string, DestinationWrite> _writes = new(StringComparer.Ordinal);
    private readonly List<string> _writeOrder = [];

    internal WorkspaceAgentsState(TimeProvider time) => _time = time;

    /// <summary>True when the 202 carries <c>{"run_id", "status"}</c> (<see cref="WorkspaceAgentsFixture.AcceptedBodyWithRunId"/>).</summary>
    public bool AcceptedBodyWithRunId { get; private set; }

    /// <summary>All runs in acceptance order.</summary>
    public IReadOnlyList<WorkspaceAgentRun> Runs
    {
        get
        {
            lock (_gate)
            {
                return _runOrder.Select(id => _runs[id]).ToArray();
            }
        }
    }

    /// <summary>Idempotent retries answered without a new run.</summary>
    public IReadOnlyList<IdempotentReplay> IdempotentReplays
    {
        get
        {
            lock (_gate)
            {
                return _replays.ToArray();
            }
        }
    }

    /// <summary>All conversations in creation order.</summary>
    public IReadOnlyList<WorkspaceConversation> Conversations
    {
        get
        {
            lock (_gate)
            {
                return _conversationOrder.Select(id => _conversations[id].Snapshot()).ToArray();
            }
        }
    }

    /// <summary>Every write, whatever its status, in order.</summary>
    public IReadOnlyList<DestinationWrite> AllWrites
    {
        get
        {
            lock (_gate)
            {
                return _writeOrder.Select(id => _writes[id]).ToArray();
            }
        }
    }

    /// <summary>Writes waiting for approval.</summary>
    public IReadOnlyList<DestinationWrite> PendingApprovals =>
        AllWrites.Where(w => w.Status == DestinationWriteStatus.PendingApproval).ToArray();

    /// <summary>Configured destination names.</summary>
    public IReadOnlyList<DestinationFixture> Destinations
    {
        get
        {
            lock (_gate)
            {
                return _destinations.Values.ToArray();
            }
        }
    }

    /// <summary>One run, or null.</summary>
    public WorkspaceAgentRun? GetRun(string runId)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(runId);
        }
    }

    /// <summary>One conversation, or null.</summary>
    public WorkspaceConversation? GetConversation(string conversationId)
    {
        lock (_gate)
        {
            return _conversations.TryGetValue(conversationId, out var entry) ? entry.Snapshot() : null;
        }
    }

    /// <summary>
    /// What a destination shows. By default only <see cref="DestinationWriteStatus.Written"/> updates, as a person looking at the
    /// channel would see; <paramref name="includeAll"/> adds pending and rejected writes.
    /// </summary>
    public IReadOnlyList<DestinationWrite> GetDestinationWrites(string destination, bool includeAll = false) =>
        AllWrites.Where(w => string.Equals(w.Destination, destination, StringComparison.Ordinal)
                             && (includeAll || w.Status == DestinationWriteStatus.Written)).ToArray();

    /// <summary>Approves a pending write: it becomes visible and its run completes.</summary>
    public ApprovalResult Approve(string writeId) => Decide(writeId, approve: true);

    /// <summary>Rejects a pending write: nothing is written and its run ends as rejected.</summary>
    public ApprovalResult Reject(string writeId) => Decide(writeId, approve: false);

    internal void Load(WorkspaceAgentsFixture fixture)
    {
        lock (_gate)
        {
            _tokens = fixture.AccessTokens.ToDictionary(t => t.Token, StringComparer.Ordinal);
            _destinations = fixture.Destinations.ToDictionary(d => d.Name, StringComparer.Ordinal);
            _channels = fixture.Agents
                .SelectMany(a => a.Channels.Select(c => (a, c)))
                .ToDictionary(x => x.c.Id, x => (x.a, x.c), StringComparer.Ordinal);
            _idempotencyWindow = TimeSpan.FromHours(fixture.IdempotencyWindowHours);
            AcceptedBodyWithRunId = fixture.AcceptedBodyWithRunId;
            _runs.Clear();
            _runOrder.Clear();
            _idempotency.Clear();
            _replays.Clear();
            _conversations.Clear();
            _conversationKeys.Clear();
            _conversationOrder.Clear();
            _writes.Clear();
            _writeOrder.Clear();
        }
    }

    internal AccessTokenFixture? FindToken(string token)
    {
        lock (_gate)
        {
            return _tokens.GetValueOrDefault(token);
        }
    }

    internal (WorkspaceAgentFixture Agent, ApiChannelFixture Channel)? FindChannel(string channelId)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channelId, out var found) ? found : null;
        }
    }

    internal DestinationFixture? FindDestination(string name)
    {
        lock (_gate)
        {
            return _destinations.GetValueOrDefault(name);
        }
    }

    /// <summary>Registers an accepted trigger, or recognises an idempotent retry, atomically.</summary>
    internal AcceptOutcome Accept(WorkspaceAgentFixture agent, string channelId, string userId, string input, string? conversationKey, string? idempotencyKey, string rawBody)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (idempotencyKey is not null
                && _idempotency.TryGetValue((channelId, idempotencyKey), out var original)
                && now - original.At < _idempotencyWindow
                && _runs.TryGetValue(original.RunId, out var originalRun))
            {
                _replays.Add(new IdempotentReplay(channelId, idempotencyKey, original.RunId, now, string.Equals(original.Body, rawBody, StringComparison.Ordinal)));
                _runs[original.RunId] = originalRun with { DuplicateHits = originalRun.DuplicateHits + 1 };
                return new AcceptOutcome(original.RunId, IsReplay: true);
            }

            var runId = Ids.Prefixed("apirun_");
            var conversation = ResolveConversation(agent.Id, conversationKey, now);
            conversation.RunIds.Add(runId);
            _runs[runId] = new WorkspaceAgentRun
            {
                RunId = runId,
                ChannelId = channelId,
                AgentId = agent.Id,
                AgentName = agent.Name,
                UserId = userId,
                Input = input,
                ConversationKey = conversationKey,
                ConversationId = conversation.ConversationId,
                IdempotencyKey = idempotencyKey,
                Status = WorkspaceAgentRunStatus.Queued,
                AcceptedAt = now,
            };
            _runOrder.Add(runId);
            if (idempotencyKey is not null)
            {
                _idempotency[(channelId, idempotencyKey)] = (runId, now, rawBody);
            }

            return new AcceptOutcome(runId, IsReplay: false);
        }
    }

    /// <summary>Moves a run to running and appends its input to the conversation; null if the run vanished (reset).</summary>
    internal WorkspaceAgentRun? Start(string runId)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var run) || run.Status != WorkspaceAgentRunStatus.Queued)
            {
                return null;
            }

            run = run with { Status = WorkspaceAgentRunStatus.Running, StartedAt = now };
            _runs[runId] = run;
            if (_conversations.TryGetValue(run.ConversationId, out var conversation))
            {
                conversation.Messages.Add(new ConversationMessage("user", run.Input, runId, now));
            }

            return run;
        }
    }

    /// <summary>Ends a run without a write (no request ID, or unreachable destination).</summary>
    internal void Finish(string runId, WorkspaceAgentRunStatus status, string message, string? requestId, string? destination)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var run))
            {
                return;
            }

            _runs[runId] = run with { Status = status, Message = message, RequestId = requestId, Destination = destination, CompletedAt = now };
            AddAssistantMessage(run.ConversationId, message, runId, now);
        }
    }

    /// <summary>Records the agent's write: visible at once, or pending when the destination is approval-gated.</summary>
    internal DestinationWrite? Write(string runId, DestinationFixture destination, string text, DemoAgentInput parsed)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var run))
            {
                return null;
            }

            var gated = destination.Approval == DestinationApproval.Required;
            var write = new DestinationWrite
            {
                WriteId = Ids.Prefixed("wr_"),
                Destination = destination.Name,
                Text = text,
                RunId = runId,
                AgentId = run.AgentId,
                RequestId = parsed.RequestId!,
                Status = gated ? DestinationWriteStatus.PendingApproval : DestinationWriteStatus.Written,
                Timestamp = now,
                SourceSystem = parsed.SourceSystem,
                SubmittedAt = parsed.SubmittedAt,
                UpdateText = parsed.UpdateText,
            };
            _writes[write.WriteId] = write;
            _writeOrder.Add(write.WriteId);

            var message = gated
                ? $"Requested approval to write to {destination.Name}: {text}"
                : $"Wrote to {destination.Name}: {text}";
            _runs[runId] = run with
            {
                Status = gated ? WorkspaceAgentRunStatus.AwaitingApproval : WorkspaceAgentRunStatus.Completed,
                RequestId = parsed.RequestId,
                Destination = destination.Name,
                WriteId = write.WriteId,
                Message = message,
                CompletedAt = now,
            };
            AddAssistantMessage(run.ConversationId, message, runId, now);
            return write;
        }
    }

    private ApprovalResult Decide(string writeId, bool approve)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_writes.TryGetValue(writeId, out var write))
            {
                return new ApprovalResult(ApprovalOutcome.NotFound, null);
            }

            if (write.Status != DestinationWriteStatus.PendingApproval)
            {
                return new ApprovalResult(ApprovalOutcome.NotPending, write);
            }

            write = write with { Status = approve ? DestinationWriteStatus.Written : DestinationWriteStatus.Rejected, DecidedAt = now };
            _writes[writeId] = write;
            if (_runs.TryGetValue(write.RunId, out var run))
            {
                var message = approve
                    ? $"Approved; wrote to {write.Destination}: {write.Text}"
                    : $"Approval rejected; nothing written to {write.Destination}";
                _runs[run.RunId] = run with
                {
                    Status = approve ? WorkspaceAgentRunStatus.Completed : WorkspaceAgentRunStatus.Rejected,
                    Message = message,
                    CompletedAt = now,
                };
                AddAssistantMessage(run.ConversationId, message, run.RunId, now);
            }

            return new ApprovalResult(ApprovalOutcome.Done, write);
        }
    }

    private ConversationEntry ResolveConversation(string agentId, string? conversationKey, DateTimeOffset now)
    {
        if (conversationKey is not null && _conversationKeys.TryGetValue((agentId, conversationKey), out var existingId))
        {
            return _conversations[existingId];
        }

        var entry = new ConversationEntry(Ids.Prefixed("conv_"), agentId, conversationKey, now);
        _conversations[entry.ConversationId] = entry;
        _conversationOrder.Add(entry.ConversationId);
        if (conversationKey is not null)
        {
            _conversationKeys[(agentId, conversationKey)] = entry.ConversationId;
        }

        return entry;
    }

    private void AddAssistantMessage(string conversationId, string text, string runId, DateTimeOffset now)
    {
        if (_conversations.TryGetValue(conversationId, out var conversation))
        {
            conversation.Messages.Add(new ConversationMessage("assistant", text, runId, now));
        }
    }

    private sealed class ConversationEntry(string conversationId, string agentId, string? conversationKey, DateTimeOffset createdAt)
    {
        public string ConversationId { get; } = conversationId;

        public List<string> RunIds { get; } = [];

        public List<ConversationMessage> Messages { get; } = [];

        public WorkspaceConversation Snapshot() => new()
        {
            ConversationId = ConversationId,
            AgentId = agentId,
            ConversationKey = conversationKey,
            CreatedAt = createdAt,
            RunIds = RunIds.ToArray(),
            Messages = Messages.ToArray(),
        };
    }
}

/// <summary>Result of <see cref="WorkspaceAgentsState.Accept"/>.</summary>
internal readonly record struct AcceptOutcome(string RunId, bool IsReplay);
