using System.Text.Json;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Messages;
using MassTransit;

namespace ElsaWorkspaceAgents.SampleHost.Broker;

/// <summary>
/// <c>POST /messages/agent-requests</c>: publishes the JSON body as an <see cref="AgentRequest"/> on the host's bus
/// (RabbitMQ when configured, in-process otherwise), which starts the queue workflow. A local demo convenience: any
/// producer can publish to the broker directly (<c>elsa-agents publish</c>, MassTransit, or plain JSON from an AMQP client).
/// </summary>
public static class AgentRequestEndpoint
{
    public const string Route = "/messages/agent-requests";

    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapAgentRequestMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, PublishAsync);
        return app;
    }

    private static async Task<IResult> PublishAsync(HttpRequest request, IBus bus, CancellationToken cancellationToken)
    {
        AgentRequest? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync<AgentRequest>(request.Body, BodyOptions, cancellationToken);
            (message ?? throw new AgentInputException("The message body is empty.")).ToSourceEvent();
        }
        catch (Exception exception) when (exception is JsonException or AgentInputException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The message is not an agent request.", detail: exception.Message);
        }

        await bus.Publish(message, cancellationToken);
        return Results.Accepted(value: new { messageType = nameof(AgentRequest), message.MessageId, status = "published" });
    }
}
