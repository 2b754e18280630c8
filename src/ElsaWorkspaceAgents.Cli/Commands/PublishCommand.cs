using System.CommandLine;
using ElsaWorkspaceAgents.Cli.Output;
using ElsaWorkspaceAgents.Core;
using ElsaWorkspaceAgents.Core.Input;
using ElsaWorkspaceAgents.Core.Messages;
using MassTransit;

namespace ElsaWorkspaceAgents.Cli.Commands;

/// <summary>
/// <c>publish</c>: puts one <see cref="AgentRequest"/> on RabbitMQ as a MassTransit producer does, for the sample host's
/// queue workflow or the outbox's queue consumer to pick up. The broker URI (it may hold a password) is read from an
/// environment variable, never a flag.
/// </summary>
public static partial class PublishCommand
{
    /// <summary>The variable read by default: the sample host's <c>Broker:RabbitMq</c> setting as an environment variable.</summary>
    public const string DefaultBrokerVariable = "Broker__RabbitMq";

    public static Command Create(GlobalOptions global)
    {
        var fields = new TriggerOptions();
        var messageId = new Option<string>("--message-id")
        {
            Description = "The message's own ID, the same for every copy: the idempotency key derives from it.",
            Required = true,
        };
        var brokerEnv = new Option<string>("--broker-env")
        {
            Description = "Environment variable holding the RabbitMQ AMQP URI, e.g. amqp://guest:guest@127.0.0.1:5672/.",
            DefaultValueFactory = _ => DefaultBrokerVariable,
        };
        var queue = new Option<string?>("--queue")
        {
            Description = "Send to this one queue by name instead of publishing to every queue bound to the message exchange.",
        };
        var timeout = new Option<int>("--timeout") { Description = "Give up when the broker has not confirmed after this many seconds.", DefaultValueFactory = _ => 30 };
        var command = new Command("publish",
            "Publish an agent request to RabbitMQ (message exchange ElsaWorkspaceAgents.Core.Messages:AgentRequest, or one queue with --queue). " +
            "Exit codes: 0 published, 2 invalid input or no broker configured, 8 the broker did not confirm.");
        command.Options.Add(messageId);
        foreach (var option in new Option[] { fields.SourceSystem, fields.EventType, fields.RequestId, fields.Entity, fields.Summary, fields.Payload, fields.PayloadFile })
        {
            command.Options.Add(option);
        }

        command.Options.Add(queue);
        command.Options.Add(brokerEnv);
        command.Options.Add(timeout);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reporter = global.Reporter(parse);
            AgentRequest message;
            Uri broker;
            try
            {
                message = new AgentRequest
                {
                    MessageId = parse.GetValue(messageId),
                    SourceSystem = parse.GetValue(fields.SourceSystem),
                    EventType = parse.GetValue(fields.EventType),
                    EntityId = parse.GetValue(fields.Entity),
                    RequestId = parse.GetValue(fields.RequestId),
                    Summary = parse.GetValue(fields.Summary),
                    Data = fields.PayloadOf(parse),
                };
                message.ToSourceEvent(); // refuse here what every consumer would refuse
                QueueName(parse.GetValue(queue));
                broker = BrokerAddress(parse.GetValue(brokerEnv)!);
            }
            catch (AgentInputException exception)
            {
                return global.Fail(reporter, exception.Message, ExitCodes.InvalidInput);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(timeout)));
            var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(broker));
            var toQueue = parse.GetValue(queue);
            try
            {
                await bus.StartAsync(deadline.Token);
                if (toQueue is null)
                {
                    await bus.Publish(message, deadline.Token);
                }
                else
                {
                    var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{toQueue}"));
                    await endpoint.Send(message, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return global.Fail(reporter, $"The broker at {Printable(broker)} did not confirm within {parse.GetValue(timeout)} s.", ExitCodes.Failed);
            }
            catch (MassTransitException exception)
            {
                // The innermost reason (e.g. "Connection refused"); MassTransit's own text names the user.
                return global.Fail(reporter, $"The broker at {Printable(broker)} is unreachable: {exception.GetBaseException().Message}", ExitCodes.Failed);
            }
            finally
            {
                await bus.StopAsync(CancellationToken.None);
            }

            if (reporter.Json)
            {
                reporter.Document(new { published = true, message.MessageId, message.RequestId, broker = Printable(broker), exchange = toQueue is null ? Exchange : null, queue = toQueue });
            }
            else
            {
                reporter.Line($"Published agent request {message.MessageId} to {Printable(broker)} ({(toQueue is null ? $"exchange {Exchange}" : $"queue {toQueue}")}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>MassTransit's exchange for the message type: every queue consuming it is bound there.</summary>
    public const string Exchange = "ElsaWorkspaceAgents.Core.Messages:AgentRequest";

    private static Uri BrokerAddress(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AgentInputException($"Set {variable} to the RabbitMQ AMQP URI (e.g. amqp://guest:guest@127.0.0.1:5672/), or name another variable with --broker-env.", "--broker-env");
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "rabbitmq" or "rabbitmqs"
            ? uri
            : throw new AgentInputException($"{variable} is not an AMQP URI (amqp://user:password@host:port/vhost).", "--broker-env");
    }

    private static string? QueueName(string? name) =>
        name is null || QueueNamePattern().IsMatch(name)
            ? name
            : throw new AgentInputException("--queue may hold letters, digits, '.', '_', ':' and '-' (at most 200).", "--queue");

    // As the queue consumer accepts its queue names (AgentRequestConsumerOptions.QueueName).
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._:-]{1,200}$")]
    private static partial System.Text.RegularExpressions.Regex QueueNamePattern();

    /// <summary>The broker address without its user name and password.</summary>
    private static string Printable(Uri broker) => new UriBuilder(broker) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
}
