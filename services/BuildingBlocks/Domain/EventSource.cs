namespace Mit.Platform.BuildingBlocks.Domain;

/// <summary>An event an entity raised, and when.</summary>
public sealed record RaisedEvent(object Event, DateTimeOffset At);

/// <summary>
/// An entity whose state changes raise events. Its DbContext writes them to the outbox in the same SaveChanges as the
/// change (PlatformDbContext); nothing else puts an entity's events on the outbox.
/// </summary>
public interface IEventSource
{
    IReadOnlyList<RaisedEvent> RaisedEvents { get; }

    void ClearRaisedEvents();
}
