namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>
/// A test that needs RabbitMQ: it runs when <c>OUTBOX_RABBITMQ</c> holds the AMQP URI of a broker where it may create and
/// delete queues (.ci/run starts one on loopback and sets it), and is reported as skipped otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public const string Variable = "OUTBOX_RABBITMQ";

    public RabbitMqFactAttribute()
    {
        if (Address is null)
        {
            Skip = $"Set {Variable} to a RabbitMQ AMQP URI (e.g. amqp://guest:guest@127.0.0.1:5672/) to run the queue consumer tests; .ci/run starts a local broker and sets it.";
        }
    }

    public static Uri? Address =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? new Uri(value) : null;
}
