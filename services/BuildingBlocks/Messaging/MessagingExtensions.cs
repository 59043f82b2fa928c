using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mit.Platform.Contracts;

namespace Mit.Platform.BuildingBlocks.Messaging;

/// <summary>Settings of section "Messaging": Transport = InMemory (all-in-one) or RabbitMq (distributed).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";
    public string Transport { get; set; } = "InMemory";
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
    /// <summary>How long an idle outbox dispatcher waits for a wake-up before it looks anyway.</summary>
    public double OutboxIdlePollSeconds { get; set; } = 1;
}

/// <summary>A consumer and the durable queue it reads.</summary>
public sealed record ConsumerEndpoint(Type ConsumerType, string Queue, int ConcurrentMessageLimit);

/// <summary>What the modules of this process consume; collected before the bus is configured once.</summary>
public sealed class MessagingRegistry
{
    public List<ConsumerEndpoint> Endpoints { get; } = [];
}

public static class MessagingExtensions
{
    private static MessagingRegistry Registry(IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryGetValue(typeof(MessagingRegistry), out var registry))
        {
            registry = new MessagingRegistry();
            builder.Properties[typeof(MessagingRegistry)] = registry;
        }
        return (MessagingRegistry)registry;
    }

    /// <summary>A module's consumer on its own durable queue (a quorum queue on RabbitMQ).</summary>
    public static void AddConsumer<TConsumer>(this IHostApplicationBuilder builder, string queue, int concurrentMessageLimit = 8)
        where TConsumer : class, IConsumer
        => Registry(builder).Endpoints.Add(new ConsumerEndpoint(typeof(TConsumer), queue, concurrentMessageLimit));

    /// <summary>
    /// A module's consumer whose messages <typeparamref name="THandler"/> applies in batches, one transaction each
    /// (<see cref="MessageBatches{THandler}"/>); the endpoint hands in up to <paramref name="maxBatch"/> at once.
    /// </summary>
    public static void AddBatchedConsumer<TConsumer, THandler>(this IHostApplicationBuilder builder, string queue, int maxBatch = 100)
        where TConsumer : class, IConsumer where THandler : class, IBatchHandler
    {
        builder.Services.AddScoped<THandler>();
        builder.Services.AddSingleton(sp => new MessageBatches<THandler>(sp, maxBatch));
        // Registered before the bus (AddPlatformMessaging comes last), so it stops after the bus stopped delivering.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MessageBatches<THandler>>());
        builder.AddConsumer<TConsumer>(queue, concurrentMessageLimit: maxBatch);
    }

    /// <summary>The bus, once per process, after the modules registered their consumers.</summary>
    public static void AddPlatformMessaging(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        var endpoints = Registry(builder).Endpoints;
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // The topology must exist before the service takes calls that publish.
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddMassTransit(x =>
        {
            // No report of this platform's configuration to an outside host (and no HTTP call at each start).
            x.DisableUsageTelemetry();
            foreach (var endpoint in endpoints)
            {
                x.AddConsumer(endpoint.ConsumerType);
            }
            switch (options.Transport.ToUpperInvariant())
            {
                case "RABBITMQ":
                    x.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(options.Host, options.Port, options.VirtualHost, h =>
                        {
                            h.Username(options.Username);
                            h.Password(options.Password);
                        });
                        cfg.DeclareSubscriberQueues();
                        foreach (var endpoint in endpoints)
                        {
                            cfg.ReceiveEndpoint(endpoint.Queue, e =>
                            {
                                e.SetQuorumQueue();
                                // Deliveries wait in the client while one is handled, so the next needs no broker round trip.
                                e.PrefetchCount = Math.Max(32, endpoint.ConcurrentMessageLimit * 4);
                                ConfigureEndpoint(e, context, endpoint);
                            });
                        }
                    });
                    break;
                case "INMEMORY":
                    x.UsingInMemory((context, cfg) =>
                    {
                        foreach (var endpoint in endpoints)
                        {
                            cfg.ReceiveEndpoint(endpoint.Queue, e => ConfigureEndpoint(e, context, endpoint));
                        }
                    });
                    break;
                default:
                    throw new InvalidOperationException($"Messaging:Transport '{options.Transport}' is not supported (use RabbitMq or InMemory).");
            }
        });
    }

    private static void ConfigureEndpoint(IReceiveEndpointConfigurator e, IBusRegistrationContext context, ConsumerEndpoint endpoint)
    {
        e.ConcurrentMessageLimit = endpoint.ConcurrentMessageLimit;
        // Transient failures (a store restarting) are retried; what still fails lands in "<queue>_error" for an operator.
        e.UseMessageRetry(r => r.Exponential(8, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
        e.ConfigureConsumer(context, endpoint.ConsumerType);
    }

    /// <summary>
    /// Binds every subscriber queue of Topology to its event's exchange, declared with the same settings the
    /// consumer uses, before the first publish of that event.
    /// </summary>
    private static void DeclareSubscriberQueues(this IRabbitMqBusFactoryConfigurator cfg)
    {
        var declare = typeof(MessagingExtensions).GetMethod(nameof(DeclareSubscriberQueuesOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var eventType in Topology.SubscriberQueues.Keys)
        {
            declare.MakeGenericMethod(eventType).Invoke(null, [cfg]);
        }
    }

    private static void DeclareSubscriberQueuesOf<TEvent>(IRabbitMqBusFactoryConfigurator cfg) where TEvent : class
        => cfg.Publish<TEvent>(p =>
        {
            foreach (var queue in Topology.SubscriberQueues[typeof(TEvent)])
            {
                // Same names as the consumer's receive endpoint: event exchange -> exchange "queue" -> queue "queue".
                p.BindQueue(queue, queue, b => b.SetQuorumQueue());
            }
        });
}
