using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.UnitTests.Desks;

public class DeskBatchTests
{
    private static readonly DateTimeOffset At = new(2030, 3, 5, 15, 0, 0, TimeSpan.Zero);
    private static readonly DeskState Empty = new(new HashSet<Guid>(), new HashSet<(Committee, Guid, int)>(), new Dictionary<Committee, long>());

    private static DeskDelivery Release(Guid requestId, int version = 1, Guid? messageId = null) => new(messageId ?? Guid.NewGuid(),
        new JointAdviceRequestReleased(requestId, version, new string((char)('a' + version), 64), "Vraag", false, At.AddSeconds(-1), At.AddDays(14), "SZW", "VWS"));

    private static DeskDelivery Link(Guid requestId) => new(Guid.NewGuid(), new AdviceRequestLinked(requestId, null, "Kamerstuk 1", null, At));

    private static DeskDelivery Adoption(Guid requestId, string committee) => new(Guid.NewGuid(), new CommitteeAdviceAdopted(
        Guid.NewGuid(), committee, requestId, new string('d', 64), "Samenvatting", At, "Vote", 3, 1, 0, null,
        new AdoptionComposition(DateOnly.FromDateTime(At.Date), [], [], [], [], [], []), false));

    private static IEnumerable<(Committee, long)> Positions(DeskBatch batch) => batch.Entries.Select(e => (e.Committee, e.Position));

    [Fact]
    public void A_batch_takes_gap_free_positions_on_both_desks_after_each_desk_s_last()
    {
        var state = Empty with { LastPositions = new Dictionary<Committee, long> { [Committee.MIT] = 7, [Committee.OMT] = 4 } };

        var batch = DeskBatch.Plan([Release(Guid.NewGuid()), Release(Guid.NewGuid()), Release(Guid.NewGuid())], state, At);

        Assert.Equal([8L, 9L, 10L], batch.Entries.Where(e => e.Committee == Committee.MIT).Select(e => e.Position));
        Assert.Equal([5L, 6L, 7L], batch.Entries.Where(e => e.Committee == Committee.OMT).Select(e => e.Position));
        Assert.Equal(10, batch.LastPositions[Committee.MIT]);
        Assert.Equal(7, batch.LastPositions[Committee.OMT]);
    }

    [Fact]
    public void Both_desks_get_each_release_with_one_received_at_and_the_released_digest()
    {
        var release = Release(Guid.NewGuid());

        var batch = DeskBatch.Plan([release], Empty, At);

        Assert.Equal([Committee.MIT, Committee.OMT], batch.Entries.Select(e => e.Committee));
        Assert.All(batch.Entries, e => Assert.Equal((At, ((JointAdviceRequestReleased)release.Message).Digest), (e.ReceivedAt, e.Digest)));
        Assert.Single(batch.Entries.SelectMany(e => e.RaisedEvents));
    }

    [Fact]
    public void A_message_twice_in_one_batch_lands_once_and_is_recorded_once()
    {
        var release = Release(Guid.NewGuid());

        var batch = DeskBatch.Plan([release, release, Release(Guid.NewGuid())], Empty, At);

        Assert.Equal([(Committee.MIT, 1L), (Committee.OMT, 1L), (Committee.MIT, 2L), (Committee.OMT, 2L)], Positions(batch));
        Assert.Equal(2, batch.Applied.Count);
        Assert.Single(batch.Applied, release.MessageId);
    }

    [Fact]
    public void A_message_applied_in_an_earlier_batch_adds_nothing_and_takes_no_position()
    {
        var repeat = Release(Guid.NewGuid());
        var fresh = Release(Guid.NewGuid());
        var state = Empty with
        {
            Processed = new HashSet<Guid> { repeat.MessageId },
            LastPositions = new Dictionary<Committee, long> { [Committee.MIT] = 1, [Committee.OMT] = 1 },
        };

        var batch = DeskBatch.Plan([repeat, fresh], state, At);

        Assert.Equal([(Committee.MIT, 2L), (Committee.OMT, 2L)], Positions(batch));
        Assert.Equal([fresh.MessageId], batch.Applied);
    }

    [Fact]
    public void A_release_a_desk_already_holds_under_another_message_id_lands_only_on_the_other_desk()
    {
        var requestId = Guid.NewGuid();
        var state = Empty with { Released = new HashSet<(Committee, Guid, int)> { (Committee.MIT, requestId, 1) } };
        var release = Release(requestId);

        var batch = DeskBatch.Plan([release], state, At);

        var entry = Assert.Single(batch.Entries);
        Assert.Equal((Committee.OMT, 1L), (entry.Committee, entry.Position));
        var arrival = Assert.IsType<DeskItemsReceived>(Assert.Single(entry.RaisedEvents).Event);
        Assert.Equal(["OMT"], arrival.Receipts.Select(r => r.Committee));
        Assert.Equal([release.MessageId], batch.Applied);
    }

    [Fact]
    public void A_link_that_came_before_its_release_in_one_batch_lands_after_it()
    {
        var requestId = Guid.NewGuid();

        var batch = DeskBatch.Plan([Link(requestId), Release(requestId)], Empty, At);

        Assert.Equal([(Committee.MIT, DeskEntryKind.Released, 1L), (Committee.OMT, DeskEntryKind.Released, 1L), (Committee.MIT, DeskEntryKind.Linked, 2L), (Committee.OMT, DeskEntryKind.Linked, 2L)],
            batch.Entries.Select(e => (e.Committee, e.Kind, e.Position)));
        Assert.Empty(batch.Deferred);
    }

    [Fact]
    public void An_entry_whose_release_is_not_on_the_desks_waits_and_takes_no_position()
    {
        var link = Link(Guid.NewGuid());
        var release = Release(Guid.NewGuid());

        var batch = DeskBatch.Plan([link, release], Empty, At);

        Assert.Equal([link.MessageId], batch.Deferred);
        Assert.Equal([release.MessageId], batch.Applied);
        Assert.Equal([(Committee.MIT, 1L), (Committee.OMT, 1L)], Positions(batch));
    }

    [Fact]
    public void An_adoption_is_sealed_on_the_other_desk_that_not_what()
    {
        var requestId = Guid.NewGuid();
        var state = Empty with { Released = new HashSet<(Committee, Guid, int)> { (Committee.MIT, requestId, 1), (Committee.OMT, requestId, 1) } };

        var batch = DeskBatch.Plan([Adoption(requestId, "OMT")], state, At);

        Assert.Equal([(Committee.MIT, Committee.OMT, ""), (Committee.OMT, Committee.OMT, new string('d', 64))],
            batch.Entries.Select(e => (e.Committee, e.AdviceCommittee!.Value, e.Digest)));
        Assert.All(batch.Entries, e => Assert.Equal(At, e.ReceivedAt));
    }

    [Fact]
    public void The_requests_of_a_batch_are_those_its_messages_are_about()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();

        Assert.Equal([a, b], DeskBatch.RequestsOf([Release(a), Link(b), Adoption(a, "MIT")]));
    }
}
