using System.Net;
using System.Text.Json;
using ElsaWorkspaceAgents.Core.Connections;
using ElsaWorkspaceAgents.Core.Security;
using ElsaWorkspaceAgents.Core.Triggering;

namespace ElsaWorkspaceAgents.Core.Platforms.Writer;

/// <summary>
/// Calls <c>GET {base}/v1/agents?type=builder</c> with the connection's API key. The list may come bare or wrapped
/// (<c>{"data": […]}</c>); pages are followed while the answer says <c>has_more</c> and names a <c>last_id</c>.
/// </summary>
internal sealed class WriterAgentDirectory : IWriterAgentDirectory
{
    private const int MaxPages = 100;

    private readonly AgentConnectionRegistry connections;
    private readonly PlatformReader reader;

    public WriterAgentDirectory(AgentConnectionRegistry connections, PlatformReader reader)
    {
        this.connections = connections;
        this.reader = reader;
    }

    public async Task<IReadOnlyList<WriterAgentSummary>> ListAgentsAsync(string? connectionName = null, CancellationToken cancellationToken = default)
    {
        var connection = connections.Resolve(connectionName);
        if (connection.Platform != AgentPlatform.Writer)
        {
            throw new AgentInputException($"The connection '{connectionName}' is a {connection.Platform} connection; listing agents needs a Writer one.", nameof(connectionName));
        }

        var apiKey = ConnectionRules.RequireToken(connection.Token, "Writer API key");
        var listUrl = PreparedRequest.Combine(ConnectionRules.ValidateBaseUrl(connection.ResolveBaseUrl()), "v1/agents?type=builder");
        var agents = new List<WriterAgentSummary>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var url = after is null ? listUrl : new Uri(listUrl.AbsoluteUri + "&after=" + Uri.EscapeDataString(after));
            var result = await reader.GetAsync(url, apiKey, [apiKey], cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                var message = OutcomeFactory.ErrorMessage(result.Body) ?? "no error message";
                var hint = result.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " Check the Writer API key." : string.Empty;
                throw new HttpRequestException(
                    SecretRedactor.Redact($"Writer refused the agent list: HTTP {(int)result.Status} {result.Status}: {message}.{hint}", [apiKey]),
                    inner: null, result.Status);
            }

            after = ReadPage(result.Body, agents);
            if (after is null)
            {
                break;
            }
        }

        return agents;
    }

    /// <summary>Adds the page's agents; returns the cursor of the next page, or null for the last one.</summary>
    private static string? ReadPage(string body, List<WriterAgentSummary> agents)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new HttpRequestException("Writer's agent list is not JSON: " + exception.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            var list = root;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in (ReadOnlySpan<string>)["data", "agents", "items", "results"])
                {
                    if (root.TryGetProperty(name, out var inner) && inner.ValueKind == JsonValueKind.Array)
                    {
                        list = inner;
                        break;
                    }
                }
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new HttpRequestException("Writer's agent list has no array of agents.");
            }

            foreach (var agent in list.EnumerateArray())
            {
                var id = JsonFields.Text(agent, "id", "agent_id");
                if (id is null)
                {
                    continue;
                }

                var blueprints = new List<WriterBlueprintSummary>();
                if (agent.TryGetProperty("blueprints", out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    foreach (var blueprint in items.EnumerateArray())
                    {
                        if (JsonFields.Text(blueprint, "id", "blueprint_id") is { } blueprintId)
                        {
                            blueprints.Add(new WriterBlueprintSummary(blueprintId, JsonFields.Text(blueprint, "name", "title") ?? blueprintId));
                        }
                    }
                }

                agents.Add(new WriterAgentSummary(id, JsonFields.Text(agent, "name", "title") ?? id, JsonFields.Text(agent, "description"), blueprints));
            }

            var hasMore = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True;
            return hasMore ? JsonFields.Text(root, "last_id") : null;
        }
    }
}
