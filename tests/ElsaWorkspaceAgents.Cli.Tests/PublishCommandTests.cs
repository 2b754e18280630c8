using System.Text;
using System.Text.Json;
using ElsaWorkspaceAgents.Cli.Commands;
using ElsaWorkspaceAgents.Reliability.Tests.Queue;
using RabbitMQ.Client;

namespace ElsaWorkspaceAgents.Cli.Tests;

/// <summary><c>publish</c>: an agent request onto RabbitMQ's message exchange, the broker URI only from the environment.</summary>
public sealed class PublishCommandTests : IDisposable
{
    private readonly string brokerVariable = "ELSA_AGENTS_TEST_BROKER_" + Guid.NewGuid().ToString("N");

    public void Dispose() => Environment.SetEnvironmentVariable(brokerVariable, null);

    [Fact]
    public async Task Without_a_broker_configured_it_names_the_variable_to_set_and_exits_2()
    {
        var run = await CliRun.InvokeAsync("publish", "--message-id", "msg-1", "--broker-env", brokerVariable);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"Set {brokerVariable} to the RabbitMQ AMQP URI", run.Stderr);
    }

    [Theory]
    [InlineData("   ", "cli", "'messageId'")]
    [InlineData("msg-1", " ", "'sourceSystem'")]
    public async Task A_message_without_its_identity_is_refused_before_any_connection(string messageId, string sourceSystem, string named)
    {
        Environment.SetEnvironmentVariable(brokerVariable, "amqp://guest:guest@127.0.0.1:9/");

        var run = await CliRun.InvokeAsync("publish", "--message-id", messageId, "--source-system", sourceSystem, "--broker-env", brokerVariable, "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(named, run.Json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_broker_that_does_not_answer_ends_as_failed_with_the_address_but_not_the_password()
    {
        Environment.SetEnvironmentVariable(brokerVariable, "amqp://guest:s3cret-broker-pw@127.0.0.1:9/");

        var run = await CliRun.InvokeAsync("publish", "--message-id", "msg-1", "--broker-env", brokerVariable, "--timeout", "3");

        Assert.True(run.ExitCode == 8, run.ToString());
        Assert.Contains("127.0.0.1:9", run.Stderr);
        Assert.DoesNotContain("s3cret-broker-pw", run.Stdout + run.Stderr);
    }

    [RabbitMqFact]
    public async Task A_published_message_reaches_every_queue_bound_to_the_message_exchange()
    {
        var address = RabbitMqFactAttribute.Address!;
        Environment.SetEnvironmentVariable(brokerVariable, address.AbsoluteUri);
        await using var connection = await new ConnectionFactory { Uri = address }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // Declared as MassTransit declares the message exchange, so either side may create it first.
        await channel.ExchangeDeclareAsync(PublishCommand.Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, PublishCommand.Exchange, routingKey: "");

        var run = await CliRun.InvokeAsync("publish", "--message-id", "msg-cli-1", "--source-system", "crm", "--event-type", "deal.closed",
            "--entity", "deal:77", "--request-id", "DEMO-CLI-1", "-m", "Deal 77 closed", "--payload", """{"amount":12000}""", "--broker-env", brokerVariable);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Published agent request msg-cli-1", run.Stdout);
        Assert.DoesNotContain(address.UserInfo, run.Stdout + run.Stderr);
        using var envelope = await OwnMessageAsync(channel, queue, "msg-cli-1");
        Assert.Contains("urn:message:ElsaWorkspaceAgents.Core.Messages:AgentRequest",
            envelope.RootElement.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
        var message = envelope.RootElement.GetProperty("message");
        Assert.Equal(("msg-cli-1", "crm", "deal.closed", "deal:77", "DEMO-CLI-1", "Deal 77 closed", 12000),
            (message.GetProperty("messageId").GetString(), message.GetProperty("sourceSystem").GetString(), message.GetProperty("eventType").GetString(),
             message.GetProperty("entityId").GetString(), message.GetProperty("requestId").GetString(), message.GetProperty("summary").GetString(),
             message.GetProperty("data").GetProperty("amount").GetInt32()));
    }

    [Fact]
    public async Task A_queue_name_a_broker_would_refuse_is_refused_before_any_connection()
    {
        Environment.SetEnvironmentVariable(brokerVariable, "amqp://guest:guest@127.0.0.1:9/");

        var run = await CliRun.InvokeAsync("publish", "--message-id", "msg-1", "--queue", "agent requests", "--broker-env", brokerVariable);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--queue may hold letters, digits", run.Stderr);
    }

    [RabbitMqFact]
    public async Task With_a_queue_named_the_message_goes_to_that_queue_alone()
    {
        var address = RabbitMqFactAttribute.Address!;
        Environment.SetEnvironmentVariable(brokerVariable, address.AbsoluteUri);
        await using var connection = await new ConnectionFactory { Uri = address }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // Bound to the message exchange: a send by queue name must not reach it.
        await channel.ExchangeDeclareAsync(PublishCommand.Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var bystander = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(bystander, PublishCommand.Exchange, routingKey: "");
        var target = $"cli-send-{Guid.NewGuid():N}";
        try
        {
            var run = await CliRun.InvokeAsync("publish", "--message-id", "msg-cli-send-1", "--source-system", "crm", "--event-type", "deal.closed",
                "--queue", target, "--broker-env", brokerVariable, "--json");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(target, run.Json.GetProperty("queue").GetString());
            using var envelope = await OwnMessageAsync(channel, target, "msg-cli-send-1");
            Assert.Equal("crm", envelope.RootElement.GetProperty("message").GetProperty("sourceSystem").GetString());
            Assert.Equal(0u, await channel.MessageCountAsync(target));
            while (await channel.BasicGetAsync(bystander, autoAck: true) is { } other)
            {
                // Messages other test runs published may be here; this one must not.
                using var foreign = JsonDocument.Parse(Encoding.UTF8.GetString(other.Body.Span));
                Assert.NotEqual("msg-cli-send-1", foreign.RootElement.GetProperty("message").GetProperty("messageId").GetString());
            }
        }
        finally
        {
            // MassTransit declared the queue and its exchange of the same name on send.
            await channel.QueueDeleteAsync(target, ifUnused: false, ifEmpty: false);
            await channel.ExchangeDeleteAsync(target, ifUnused: false);
        }
    }

    /// <summary>
    /// The envelope of the message this test published. Other test runs on the same broker (the reliability suite's
    /// publish scenario, in another process) publish to the same exchange, so their messages can be in the queue too.
    /// </summary>
    private static async Task<JsonDocument> OwnMessageAsync(IChannel channel, string queue, string messageId)
    {
        for (var read = 0; read < 1000; read++)
        {
            var delivered = await channel.BasicGetAsync(queue, autoAck: true);
            Assert.True(delivered is not null, $"The published message {messageId} did not reach the bound queue.");
            var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivered.Body.Span));
            if (envelope.RootElement.GetProperty("message").GetProperty("messageId").GetString() == messageId)
            {
                return envelope;
            }

            envelope.Dispose();
        }

        throw new Xunit.Sdk.XunitException($"The published message {messageId} was not among the first 1,000 in the queue.");
    }
}
