using ElsaWorkspaceAgents.Core.Runs;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// The run an outbox row started and, once its completion callback arrived and was verified, how it ended — so a backend
/// worker knows the run finished without polling the platform. Holds no secret and no signature.
/// </summary>
public sealed record OutboxRun
{
    /// <summary>The outbox row that started the run (<see cref="OutboxEntry.Id"/>).</summary>
    public required long OutboxId { get; init; }

    /// <summary>The connection the row was sent through.</summary>
    public required string ConnectionName { get; init; }

    /// <summary>The platform's run ID (GPT Workbench <c>jobId</c>).</summary>
    public required string RunId { get; init; }

    /// <summary>When the trigger was accepted.</summary>
    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>The verified callback's result, or null while none has arrived.</summary>
    public OutboxRunResult? Result { get; init; }

    /// <summary>True once a verified callback reported the run.</summary>
    public bool IsFinished => Result is not null;
}

/// <summary>What a verified completion callback reported.</summary>
public sealed record OutboxRunResult
{
    /// <summary>When the callback was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The callback's delivery ID.</summary>
    public required string DeliveryId { get; init; }

    /// <summary>How the run ended.</summary>
    public required RunState State { get; init; }

    /// <summary>The platform's status word, e.g. <c>completed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The answer text (GPT Workbench's response).</summary>
    public string? Answer { get; init; }

    /// <summary>The full result as JSON.</summary>
    public string? ResultJson { get; init; }

    /// <summary>The platform's error message when the run failed.</summary>
    public string? Error { get; init; }
}
