using System.ComponentModel.DataAnnotations;

namespace ElsaWorkspaceAgents.Outbox.MassTransit;

/// <summary>Options for the queue consumer, bound from <c>WorkspaceAgents:Outbox:Queue</c>.</summary>
public sealed class AgentRequestConsumerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "WorkspaceAgents:Outbox:Queue";

    /// <summary>
    /// The receive queue. Published <see cref="Core.Messages.AgentRequest"/> messages reach it through MassTransit's message
    /// exchange; any AMQP client can also send plain JSON to the exchange of the same name. Refused messages go to
    /// <c>{QueueName}_error</c>, messages of another type to <c>{QueueName}_skipped</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._:-]{1,200}$", ErrorMessage = "The queue name may hold letters, digits, '.', '_', ':' and '-' (at most 200).")]
    public string QueueName { get; set; } = "agent-requests";

    /// <summary>The named connection (WorkspaceAgents:Connections) every message is sent through; empty means <c>default</c>.</summary>
    public string? ConnectionName { get; set; }

    /// <summary>Most messages stored at once by this process (also the broker's prefetch).</summary>
    [Range(1, 1000)]
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>
    /// How often a message whose store failed for a reason other than the message (the database unreachable, a lock
    /// timeout) is tried again before it is dead-lettered. Refused messages are never retried.
    /// </summary>
    [Range(0, 100)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>First delay between those retries; it grows exponentially up to <see cref="RetryMaxInterval"/>.</summary>
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between those retries.</summary>
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Accepts plain JSON bodies (what a producer without MassTransit sends) as well as MassTransit's envelope, so any AMQP
    /// client or the broker's own tools can publish.
    /// </summary>
    public bool AcceptRawJson { get; set; } = true;

    /// <summary>
    /// Binds the queue to the message exchange (<c>ElsaWorkspaceAgents.Core.Messages:AgentRequest</c>), so every published
    /// <see cref="Core.Messages.AgentRequest"/> reaches it. Turn it off for a queue that takes only what is sent to it by
    /// name (<c>elsa-agents publish --queue</c>, MassTransit's Send): with several consumers of the message type on one
    /// broker, a published request would otherwise reach each of them and start one run per queue.
    /// </summary>
    public bool ReceivePublished { get; set; } = true;
}
