using ElsaWorkspaceAgents.Emulator.Common;
using ElsaWorkspaceAgents.Emulator.Fixtures;

namespace ElsaWorkspaceAgents.Emulator.Platforms.WorkspaceAgents;

/// <summary>
/// In-memory Workspace Agents world: configuration from the fixture plus runs, conversations, writes and idempotency records.
/// One lock guards everything; records handed out are immutable snapshots, safe to assert on while work continues.
/// </summary>
public sealed class WorkspaceAgentsState
{
    private readonly object gate = new();
    private readonly TimeProvider time;

    private Dictionary<string, AccessTokenFixture> tokens = new(StringComparer.Ordinal);
    private Dictionary<string, (WorkspaceAgentFixture Agent, ApiChannelFixture Channel)> channels = new(StringComparer.Ordinal);
    private Dictionary<string, DestinationFixture> destinations = new(StringComparer.Ordinal);
    private TimeSpan idempotencyWindow = TimeSpan.FromHours(24);

    private readonly Dictionary<string, WorkspaceAgentRun> runs = new(StringComparer.Ordinal);
    private readonly List<string> runOrder = [];
    private readonly Dictionary<(string Channel, string Key), (string RunId, DateTimeOffset At, string Body)> idempotency = [];
    private readonly List<IdempotentReplay> replays = [];
    private readonly Dictionary<string, ConversationEntry> conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AgentId, string Key), string> conversationKeys = [];
    private readonly List<string> conversationOrder = [];
    private readonly Dictionary<string, DestinationWrite> writes = new(StringComparer.Ordinal);
    private readonly List<string> writeOrder = [];

    internal WorkspaceAgentsState(TimeProvider time) => this.time = time;

    /// <summary>True when the 202 carries <c>{"run_id", "status"}</c> (<see cref="WorkspaceAgentsFixture.AcceptedBodyWithRunId"/>).</summary>
    public bool AcceptedBodyWithRunId { get; private set; }

    /// <summary>All runs in acceptance order.</summary>
    public IReadOnlyList<WorkspaceAgentRun> Runs
    {
        get
        {
            lock (gate)
            {
                return runOrder.Select(id => this.runs[id]).ToArray();
            }
        }
    }

    /// <summary>Idempotent retries answered without a new run.</summary>
    public IReadOnlyList<IdempotentReplay> IdempotentReplays
    {
        get
        {
            lock (gate)
            {
                return replays.ToArray();
            }
        }
    }

    /// <summary>All conversations in creation order.</summary>
    public IReadOnlyList<WorkspaceConversation> Conversations
    {
        get
        {
            lock (gate)
            {
                return conversationOrder.Select(id => this.conversations[id].Snapshot()).ToArray();
            }
        }
    }

    /// <summary>Every write, whatever its status, in order.</summary>
    public IReadOnlyList<DestinationWrite> AllWrites
    {
        get
        {
            lock (gate)
            {
                return writeOrder.Select(id => this.writes[id]).ToArray();
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
            lock (gate)
            {
                return destinations.Values.ToArray();
            }
        }
    }

    /// <summary>One run, or null.</summary>
    public WorkspaceAgentRun? GetRun(string runId)
    {
        lock (gate)
        {
            return this.runs.GetValueOrDefault(runId);
        }
    }

    /// <summary>One conversation, or null.</summary>
    public WorkspaceConversation? GetConversation(string conversationId)
    {
        lock (gate)
        {
            return this.conversations.TryGetValue(conversationId, out var entry) ? entry.Snapshot() : null;
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
        lock (gate)
        {
            tokens = fixture.AccessTokens.ToDictionary(t => t.Token, StringComparer.Ordinal);
            destinations = fixture.Destinations.ToDictionary(d => d.Name, StringComparer.Ordinal);
            channels = fixture.Agents
                .SelectMany(a => a.Channels.Select(c => (a, c)))
                .ToDictionary(x => x.c.Id, x => (x.a, x.c), StringComparer.Ordinal);
            idempotencyWindow = TimeSpan.FromHours(fixture.IdempotencyWindowHours);
            AcceptedBodyWithRunId = fixture.AcceptedBodyWithRunId;
            this.runs.Clear();
            runOrder.Clear();
            this.idempotency.Clear();
            replays.Clear();
            this.conversations.Clear();
            conversationKeys.Clear();
            conversationOrder.Clear();
            this.writes.Clear();
            writeOrder.Clear();
        }
    }

    internal AccessTokenFixture? FindToken(string token)
    {
        lock (gate)
        {
            return tokens.GetValueOrDefault(token);
        }
    }

    internal (WorkspaceAgentFixture Agent, ApiChannelFixture Channel)? FindChannel(string channelId)
    {
        lock (gate)
        {
            return channels.TryGetValue(channelId, out var found) ? found : null;
        }
    }

    internal DestinationFixture? FindDestination(string name)
    {
        lock (gate)
        {
            return destinations.GetValueOrDefault(name);
        }
    }

    /// <summary>Registers an accepted trigger, or recognises an idempotent retry, atomically.</summary>
    internal AcceptOutcome Accept(WorkspaceAgentFixture agent, string channelId, string userId, string input, string? conversationKey, string? idempotencyKey, string rawBody)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (idempotencyKey is not null
                && this.idempotency.TryGetValue((channelId, idempotencyKey), out var original)
                && now - original.At < idempotencyWindow
                && this.runs.TryGetValue(original.RunId, out var originalRun))
            {
                replays.Add(new IdempotentReplay(channelId, idempotencyKey, original.RunId, now, string.Equals(original.Body, rawBody, StringComparison.Ordinal)));
                this.runs[original.RunId] = originalRun with { DuplicateHits = originalRun.DuplicateHits + 1 };
                return new AcceptOutcome(original.RunId, IsReplay: true);
            }

            var runId = Ids.Prefixed("apirun_");
            var conversation = ResolveConversation(agent.Id, conversationKey, now);
            conversation.RunIds.Add(runId);
            this.runs[runId] = new WorkspaceAgentRun
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
            runOrder.Add(runId);
            if (idempotencyKey is not null)
            {
                this.idempotency[(channelId, idempotencyKey)] = (runId, now, rawBody);
            }

            return new AcceptOutcome(runId, IsReplay: false);
        }
    }

    /// <summary>Moves a run to running and appends its input to the conversation; null if the run vanished (reset).</summary>
    internal WorkspaceAgentRun? Start(string runId)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!this.runs.TryGetValue(runId, out var run) || run.Status != WorkspaceAgentRunStatus.Queued)
            {
                return null;
            }

            run = run with { Status = WorkspaceAgentRunStatus.Running, StartedAt = now };
            this.runs[runId] = run;
            if (this.conversations.TryGetValue(run.ConversationId, out var conversation))
            {
                conversation.Messages.Add(new ConversationMessage("user", run.Input, runId, now));
            }

            return run;
        }
    }

    /// <summary>Ends a run without a write (no request ID, or unreachable destination).</summary>
    internal void Finish(string runId, WorkspaceAgentRunStatus status, string message, string? requestId, string? destination)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!this.runs.TryGetValue(runId, out var run))
            {
                return;
            }

            this.runs[runId] = run with { Status = status, Message = message, RequestId = requestId, Destination = destination, CompletedAt = now };
            AddAssistantMessage(run.ConversationId, message, runId, now);
        }
    }

    /// <summary>Records the agent's write: visible at once, or pending when the destination is approval-gated.</summary>
    internal DestinationWrite? Write(string runId, DestinationFixture destination, string text, DemoAgentInput parsed)
    {
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!this.runs.TryGetValue(runId, out var run))
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
            this.writes[write.WriteId] = write;
            writeOrder.Add(write.WriteId);

            var message = gated
                ? $"Requested approval to write to {destination.Name}: {text}"
                : $"Wrote to {destination.Name}: {text}";
            this.runs[runId] = run with
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
        var now = this.time.GetUtcNow();
        lock (gate)
        {
            if (!this.writes.TryGetValue(writeId, out var write))
            {
                return new ApprovalResult(ApprovalOutcome.NotFound, null);
            }

            if (write.Status != DestinationWriteStatus.PendingApproval)
            {
                return new ApprovalResult(ApprovalOutcome.NotPending, write);
            }

            write = write with { Status = approve ? DestinationWriteStatus.Written : DestinationWriteStatus.Rejected, DecidedAt = now };
            this.writes[writeId] = write;
            if (this.runs.TryGetValue(write.RunId, out var run))
            {
                var message = approve
                    ? $"Approved; wrote to {write.Destination}: {write.Text}"
                    : $"Approval rejected; nothing written to {write.Destination}";
                this.runs[run.RunId] = run with
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
        if (conversationKey is not null && conversationKeys.TryGetValue((agentId, conversationKey), out var existingId))
        {
            return this.conversations[existingId];
        }

        var entry = new ConversationEntry(Ids.Prefixed("conv_"), agentId, conversationKey, now);
        this.conversations[entry.ConversationId] = entry;
        conversationOrder.Add(entry.ConversationId);
        if (conversationKey is not null)
        {
            conversationKeys[(agentId, conversationKey)] = entry.ConversationId;
        }

        return entry;
    }

    private void AddAssistantMessage(string conversationId, string text, string runId, DateTimeOffset now)
    {
        if (this.conversations.TryGetValue(conversationId, out var conversation))
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
