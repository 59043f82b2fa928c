using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain.Composition;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;
using static Mit.Platform.UnitTests.Composition.TestCommittee;

namespace Mit.Platform.UnitTests.Composition;

public class AdviceSealTests
{
    private static readonly DateTimeOffset Deadline = new(2031, 1, 20, 17, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset MitAdopts = new(2031, 1, 15, 16, 30, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset OmtAdopts = new(2031, 1, 17, 11, 0, 0, TimeSpan.FromHours(1));
    private static readonly string OmtDigest = new('b', 64);

    private static Adoption MitAdoption(DateTimeOffset at, Guid? requestId = null) =>
        FullMit().AdoptAdvice(requestId ?? RequestId, Digest, "MIT: voor, met flankerend beleid.", at, Chair,
            [new Vote(Chair, VoteChoice.For), new Vote(Members[0], VoteChoice.For), new Vote(Members[1], VoteChoice.For)]);

    private static Adoption OmtAdoption(DateTimeOffset at) =>
        FullOmt().AdoptByConsensus(RequestId, OmtDigest, "OMT: tegen, op epidemiologische gronden.", at, OmtChair);

    private static AdviceView Of(IReadOnlyList<AdviceView> views, CommitteeKind committee) => views.Single(v => v.Committee == committee);

    [Fact]
    public void Before_the_other_adopts_it_sees_only_adopted()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);

        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);

        Assert.Null(seal.RevealedAt);
        Assert.Empty(seal.Events);
        Assert.Equal(new AdviceView(CommitteeKind.MIT, true, null, null, null, Sealed: true), Of(seal.VisibleTo(CommitteeKind.OMT, MitAdopts), CommitteeKind.MIT));
        Assert.Equal(new AdviceView(CommitteeKind.OMT, false, null, null, null), Of(seal.VisibleTo(CommitteeKind.OMT, MitAdopts), CommitteeKind.OMT));
        Assert.Equal(new AdviceView(CommitteeKind.MIT, true, MitAdopts, Digest, "MIT: voor, met flankerend beleid."),
            Of(seal.VisibleTo(CommitteeKind.MIT, MitAdopts), CommitteeKind.MIT));
        Assert.Equal(new AdviceView(CommitteeKind.MIT, true, null, null, null, Sealed: true), Of(seal.VisibleToMinistries(MitAdopts), CommitteeKind.MIT));
    }

    [Fact]
    public void Both_are_revealed_at_one_instant_when_the_second_adopts()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);

        seal.RecordAdoption(OmtAdoption(OmtAdopts), OmtAdopts);

        Assert.Equal(OmtAdopts, seal.RevealedAt);
        var revealed = Assert.IsType<AdviceRevealed>(Assert.Single(seal.Events));
        Assert.Equal(RequestId, revealed.RequestId);
        Assert.Equal(OmtAdopts, revealed.RevealedAt);
        Assert.Equal(["MIT", "OMT"], revealed.Committees);
        Assert.Equal(OmtDigest, Of(seal.VisibleTo(CommitteeKind.MIT, OmtAdopts), CommitteeKind.OMT).Digest);
        Assert.Equal(Digest, Of(seal.VisibleTo(CommitteeKind.OMT, OmtAdopts), CommitteeKind.MIT).Digest);
        Assert.All(seal.VisibleToMinistries(OmtAdopts), v => Assert.NotNull(v.Summary));
    }

    [Fact]
    public void Never_visible_to_the_other_committee_or_the_ministries_before_the_reveal()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);
        seal.RecordAdoption(OmtAdoption(OmtAdopts), OmtAdopts);

        foreach (var before in new[] { MitAdopts, MitAdopts.AddHours(1), OmtAdopts.AddTicks(-1) })
        {
            Assert.Null(Of(seal.VisibleTo(CommitteeKind.OMT, before), CommitteeKind.MIT).Digest);
            Assert.Null(Of(seal.VisibleTo(CommitteeKind.OMT, before), CommitteeKind.MIT).Summary);
            Assert.Null(Of(seal.VisibleTo(CommitteeKind.MIT, before), CommitteeKind.OMT).Summary);
            Assert.All(seal.VisibleToMinistries(before), v => Assert.Null(v.Summary));
        }
    }

    [Fact]
    public void When_one_never_adopts_the_seal_holds_until_the_deadline()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);

        Assert.False(seal.RevealDue(Deadline.AddTicks(-1)));
        Expect.Unchanged<RuleViolationException>(seal, () => seal.Events, () => seal.Reveal(Deadline.AddTicks(-1)));
        Assert.True(seal.RevealDue(Deadline));

        seal.Reveal(Deadline);

        Assert.Equal(Deadline, seal.RevealedAt);
        Assert.Equal(["MIT"], Assert.IsType<AdviceRevealed>(Assert.Single(seal.Events)).Committees);
        Assert.Equal("MIT: voor, met flankerend beleid.", Of(seal.VisibleTo(CommitteeKind.OMT, Deadline), CommitteeKind.MIT).Summary);
        Assert.Equal("MIT: voor, met flankerend beleid.", Of(seal.VisibleToMinistries(Deadline), CommitteeKind.MIT).Summary);
        Assert.False(Of(seal.VisibleToMinistries(Deadline), CommitteeKind.OMT).Adopted);
    }

    [Fact]
    public void Revealing_twice_raises_one_event()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);

        seal.Reveal(Deadline);
        seal.Reveal(Deadline.AddHours(1));

        Assert.Single(seal.Events);
        Assert.Equal(Deadline, seal.RevealedAt);
    }

    [Fact]
    public void An_advice_adopted_after_the_deadline_is_revealed_when_recorded()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        var late = Deadline.AddDays(1);

        seal.RecordAdoption(MitAdoption(late), late);

        Assert.Equal(late, seal.RevealedAt);
    }

    [Fact]
    public void The_late_second_advice_after_the_reveal_goes_out_at_once()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);
        seal.Reveal(Deadline);
        seal.ClearEvents();
        var late = Deadline.AddDays(2);

        seal.RecordAdoption(OmtAdoption(late), late);

        var e = Assert.IsType<AdviceRevealed>(Assert.Single(seal.Events));
        Assert.Equal((late, "OMT"), (e.RevealedAt, Assert.Single(e.Committees)));
        Assert.Equal(OmtDigest, Of(seal.VisibleTo(CommitteeKind.MIT, late), CommitteeKind.OMT).Digest);
    }

    [Fact]
    public void Nothing_is_revealed_when_nobody_adopted()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);

        Expect.Unchanged<RuleViolationException>(seal, () => seal.Events, () => seal.Reveal(Deadline.AddDays(1)));
    }

    [Fact]
    public void An_adoption_for_another_request_is_refused()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);

        Expect.UnchangedInvalid(seal, () => seal.Events, () => seal.RecordAdoption(MitAdoption(MitAdopts, OtherRequestId), MitAdopts), "request_id");
    }

    [Fact]
    public void A_committee_advice_is_recorded_once()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);

        Expect.Unchanged<AlreadyExistsException>(seal, () => seal.Events, () => seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts));
    }

    [Fact]
    public void A_seal_survives_a_json_round_trip()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);

        var copy = RoundTrip(seal);

        Assert.Equal(State(seal), State(copy));
        Assert.Null(Of(copy.VisibleTo(CommitteeKind.OMT, MitAdopts), CommitteeKind.MIT).Digest);
    }

    [Fact]
    public void Advice_adopted_after_the_reveal_is_late_and_shown_late_to_everyone()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);
        seal.Reveal(Deadline);
        Assert.True(seal.IsLate(CommitteeKind.OMT));
        var late = Deadline.AddDays(2);

        seal.RecordAdoption(OmtAdoption(late), late);

        Assert.True(seal.IsLate(CommitteeKind.OMT));
        Assert.False(seal.IsLate(CommitteeKind.MIT));
        Assert.True(Of(seal.VisibleToMinistries(late), CommitteeKind.OMT).Late);
        Assert.True(Of(seal.VisibleTo(CommitteeKind.MIT, late), CommitteeKind.OMT).Late);
        Assert.False(Of(seal.VisibleToMinistries(late), CommitteeKind.MIT).Late);
    }

    [Fact]
    public void Advice_adopted_before_the_reveal_is_not_late_and_a_sealed_view_says_sealed()
    {
        var seal = AdviceSeal.Open(RequestId, Deadline);
        seal.RecordAdoption(MitAdoption(MitAdopts), MitAdopts);

        Assert.False(seal.IsLate(CommitteeKind.MIT));
        var toMinistry = Of(seal.VisibleToMinistries(MitAdopts), CommitteeKind.MIT);
        Assert.True(toMinistry.Sealed);
        Assert.False(Of(seal.VisibleToMinistries(MitAdopts), CommitteeKind.OMT).Sealed);
        Assert.False(Of(seal.VisibleTo(CommitteeKind.MIT, MitAdopts), CommitteeKind.MIT).Sealed);
    }
}
