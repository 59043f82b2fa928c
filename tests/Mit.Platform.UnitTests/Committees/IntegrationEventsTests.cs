using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain.Composition;
using Mit.Platform.Contracts;
using CommitteeAggregate = Mit.Platform.Committees.Domain.Composition.Committee;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.UnitTests.Committees;

public sealed class IntegrationEventsTests
{
    private static readonly DateTimeOffset Now = new(2022, 10, 3, 9, 0, 0, TimeSpan.FromHours(2));
    private static readonly DateOnly Start = new(2022, 9, 1);
    private static readonly Guid RequestId = Guid.NewGuid();
    private const string Digest = "5f1d3e6b8a2c4d7e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6";

    private static CommitteeAggregate Mit()
    {
        var mit = CommitteeAggregate.Establish(Guid.NewGuid(), CommitteeKind.MIT, "Decree 2022", Start, new DateOnly(2024, 9, 1), Now);
        mit.Appoint(Guid.NewGuid(), new NewAppointment("chair", "Chair", SeatKind.Chair, Start));
        mit.Appoint(Guid.NewGuid(), new NewAppointment("member", "Member", SeatKind.Member, Start));
        return mit;
    }

    [Fact]
    public void Establishing_and_every_appointment_change_leave_as_CommitteeMembershipChanged()
    {
        var mit = Mit();

        var changes = mit.Events.Select(e => IntegrationEvents.From(e, Now, mit)).ToList();

        Assert.All(changes, c => Assert.IsType<CommitteeMembershipChanged>(c));
        Assert.Equal(["Established", "Appointed", "Appointed"], changes.Cast<CommitteeMembershipChanged>().Select(c => c.Change));
        Assert.Equal(["", "chair", "member"], changes.Cast<CommitteeMembershipChanged>().Select(c => c.Subject));
    }

    [Fact]
    public void An_adoption_leaves_with_its_summary_and_the_composition_of_that_moment()
    {
        var mit = Mit();
        mit.ClearEvents();
        mit.AdoptAdvice(RequestId, Digest, "Open the schools", Now, "chair", [new Vote("chair", VoteChoice.For), new Vote("member", VoteChoice.Abstain)]);

        var adopted = Assert.IsType<CommitteeAdviceAdopted>(IntegrationEvents.From(Assert.Single(mit.Events), Now, mit));

        Assert.Equal(("MIT", RequestId, Digest, "Open the schools", "Vote"), (adopted.Committee, adopted.RequestId, adopted.DocumentDigest, adopted.Summary, adopted.Method));
        Assert.Equal(["chair", "member"], adopted.Composition.CouldVote);
        Assert.Equal([new AdoptionVote("chair", "For"), new AdoptionVote("member", "Abstain")], adopted.Composition.Votes);
    }

    [Fact]
    public void An_adoption_after_the_seal_was_lifted_leaves_marked_late()
    {
        var mit = Mit();
        mit.ClearEvents();
        var seal = AdviceSeal.Open(RequestId, Now.AddHours(-1));
        var adoption = mit.AdoptAdvice(RequestId, Digest, "Open the schools", Now, "chair", [new Vote("chair", VoteChoice.For), new Vote("member", VoteChoice.For)]);
        seal.RecordAdoption(adoption, Now);
        var onTime = Assert.IsType<CommitteeAdviceAdopted>(IntegrationEvents.From(Assert.Single(mit.Events), Now, mit, seal));
        Assert.False(onTime.Late);

        var omt = CommitteeAggregate.Establish(Guid.NewGuid(), CommitteeKind.OMT, "Decree OMT", Start, new DateOnly(2024, 9, 1), Now);
        omt.Appoint(Guid.NewGuid(), new NewAppointment("omt-chair", "OMT chair", SeatKind.Chair, Start));
        omt.ClearEvents();
        seal.RecordAdoption(omt.AdoptByConsensus(RequestId, Digest, "Against", Now.AddHours(1), "omt-chair"), Now.AddHours(1));

        var late = Assert.IsType<CommitteeAdviceAdopted>(IntegrationEvents.From(Assert.Single(omt.Events), Now, omt, seal));
        Assert.True(late.Late);
    }

    [Fact]
    public void Declarations_stay_inside_the_service()
    {
        var mit = Mit();
        mit.ClearEvents();
        mit.DeclareInterests("member", "Board member of a foundation", Start);
        mit.DeclareConflict("member", RequestId, "Advises the sector", Now);

        Assert.All(mit.Events, e => Assert.Null(IntegrationEvents.From(e, Now, mit)));
    }
}
