using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit;

namespace Mit.Platform.Testing.Tests;

public sealed class RabbitMqServerTests(RabbitMqServer server) : IClassFixture<RabbitMqServer>
{
    [Fact]
    public async Task Publishes_and_consumes_a_message_through_a_quorum_queue()
    {
        var factory = new ConnectionFactory { Uri = server.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();

        // Quorum queues are what the platform uses; they must work on the test node.
        var queue = $"mit-testing-{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(
            queue,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(delivery.Body.Span));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        await channel.BasicPublishAsync(exchange: string.Empty, routingKey: queue, body: Encoding.UTF8.GetBytes("hello"));

        Assert.Equal("hello", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("/", server.VirtualHost);
    }
}
