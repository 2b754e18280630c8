using System.Runtime.Serialization;
using System.Text.Json;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;

namespace ElsaWorkspaceAgents.Outbox.MassTransit;

/// <summary>The one place that decides whether a failed message is worth another try.</summary>
internal static class AgentRequestFailures
{
    /// <summary>
    /// True when the message itself is the problem — refused by the outbox's checks, or unreadable as an
    /// <see cref="Core.Messages.AgentRequest"/> (not JSON, the wrong shape) — so trying again can only fail again and
    /// would hold up the messages behind it. Anything else (the database unreachable, a lock timeout) may pass.
    /// </summary>
    public static bool IsMessageProblem(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is AgentInputException or SerializationException or JsonException
                || string.Equals(current.Source, "System.Text.Json", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
