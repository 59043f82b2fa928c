using System.Text.Json;

namespace Mit.Platform.BuildingBlocks.Messaging;

/// <summary>An integration event waiting to be published (written in the same transaction as the change).</summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }
    public Guid MessageId { get; init; }
    public required string MessageType { get; init; }
    public required string Payload { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }

    public static OutboxMessage Create(object @event, DateTimeOffset occurredAt) => new()
    {
        MessageId = Guid.NewGuid(),
        MessageType = $"{@event.GetType().FullName}, {@event.GetType().Assembly.GetName().Name}",
        Payload = JsonSerializer.Serialize(@event, @event.GetType()),
        OccurredAt = occurredAt,
    };

    /// <summary>Resolved once per message type: resolving an assembly-qualified name is not cheap, and a service has few.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public (object Message, Type Type) Deserialize()
    {
        var type = Types.GetOrAdd(MessageType, name => Type.GetType(name, throwOnError: true)!);
        return (JsonSerializer.Deserialize(Payload, type)!, type);
    }
}

/// <summary>A message a consumer has handled, keyed by (message id, consumer).</summary>
public sealed class InboxRecord
{
    public Guid MessageId { get; init; }
    public required string Consumer { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}
