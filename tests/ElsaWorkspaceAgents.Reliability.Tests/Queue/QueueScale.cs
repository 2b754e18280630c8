using ElsaWorkspaceAgents.Reliability.Tests.Infrastructure;

namespace ElsaWorkspaceAgents.Reliability.Tests.Queue;

/// <summary>How many messages the queue scenarios push through RabbitMQ; <c>RELIABILITY_FULL=1</c> runs the full count.</summary>
internal static class QueueScale
{
    public static int Messages => ReliabilityScale.Full ? 10_000 : 600;
}
