using System.Buffers;
using System.Text;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Keys;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Outbox;

/// <summary>
/// The checks an enqueue makes before storing anything. They cover what the caller controls (the event and request);
/// the connection's own settings are checked when the row is sent, because configuration can be fixed afterwards.
/// </summary>
internal static class OutboxRequestRules
{
    /// <summary>Longest connection name stored.</summary>
    public const int MaxConnectionNameLength = 200;

    /// <summary>Longest source request ID stored.</summary>
    public const int MaxSourceRequestIdLength = 255;

    public static string ConnectionName(string? connectionName)
    {
        var name = string.IsNullOrWhiteSpace(connectionName) ? WorkspaceAgentsOptions.DefaultConnectionName : connectionName;
        if (name.Length > MaxConnectionNameLength)
        {
            throw new AgentInputException($"The connection name is {name.Length} characters; at most {MaxConnectionNameLength} are allowed.", nameof(connectionName));
        }

        if (HasControlCharacters(name) || !IsWellFormed(name))
        {
            throw new AgentInputException("The connection name contains control characters or invalid Unicode.", nameof(connectionName));
        }

        return name;
    }

    public static void Validate(AgentTriggerRequest request, int maxInputLength)
    {
        ArgumentNullException.ThrowIfNull(request);
        IdempotencyKey.Validate(request.IdempotencyKey, nameof(request.IdempotencyKey));
        if (request.ConversationKey is not null)
        {
            ConversationKey.Validate(request.ConversationKey, nameof(request.ConversationKey));
        }

        if (request.Input is null || (request.StructuredInput is null && string.IsNullOrWhiteSpace(request.Input)))
        {
            throw new AgentInputException("The agent input is empty; build it from the source event first.", nameof(request.Input));
        }

        if (!IsWellFormed(request.Input))
        {
            throw new AgentInputException("The agent input contains invalid Unicode (an unpaired surrogate).", nameof(request.Input));
        }

        if (request.Input.Length > maxInputLength)
        {
            throw new AgentInputException(
                $"The agent input is {request.Input.Length:N0} characters; this connection accepts at most {maxInputLength:N0}. Send a smaller payload or a shorter summary.",
                nameof(request.Input));
        }

        if (request.SourceRequestId is { } requestId &&
            (requestId.Length > MaxSourceRequestIdLength || HasControlCharacters(requestId) || !IsWellFormed(requestId)))
        {
            throw new AgentInputException(
                $"The source request ID must be at most {MaxSourceRequestIdLength} characters of valid text without control characters (it is logged and echoed by the agent).",
                nameof(request.SourceRequestId));
        }

        if (request.Source is { } source && (HasControlCharacters(source) || !IsWellFormed(source)))
        {
            throw new AgentInputException("The source contains control characters or invalid Unicode.", nameof(request.Source));
        }
    }

    public static bool HasControlCharacters(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the text has no unpaired surrogate (it can be stored and sent as UTF-8 without loss).</summary>
    public static bool IsWellFormed(string value)
    {
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            span = span[consumed..];
        }

        return true;
    }
}
