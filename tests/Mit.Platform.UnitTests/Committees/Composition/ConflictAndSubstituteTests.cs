using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain.Composition;
using static Mit.Platform.UnitTests.Composition.TestCommittee;

namespace Mit.Platform.UnitTests.Composition;

public class ConflictAndSubstituteTests
{
    [Fact]
    public void A_member_declares_interests_and_the_latest_declaration_counts()
    {
        var mit = FullMit();

        mit.DeclareInterests(Members[0], "Bestuurder van een fictieve stichting.", TermStart);
        mit.DeclareInterests(Members[0], "Bestuurder van een fictieve stichting; adviseur van een fictief fonds.", MeetingDay);

        Assert.Equal(2, mit.Interests.Count);
        Assert.Equal(MeetingDay, mit.InterestsOf(Members[0])!.DeclaredOn);
        Assert.Null(mit.InterestsOf(Members[1]));
        Assert.Equal(new InterestsDeclared(MitId, "MIT", Members[0], MeetingDay), mit.Events[^1]);
    }

    [Fact]
    public void Interests_text_is_required()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events, () => mit.DeclareInterests(Members[0], "  ", MeetingDay), "interests");
    }

    [Fact]
    public void Someone_without_a_seat_declares_no_interests()
    {
        var mit = FullMit();

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.DeclareInterests("stranger", "text", MeetingDay));
    }

    [Fact]
    public void A_declared_conflict_is_recorded_per_request_and_raises_an_event()
    {
        var mit = FullMit();

        mit.DeclareConflict(Members[2], RequestId, "Werkt voor een partij die door de maatregel geraakt wordt.", AdoptedAt);

        Assert.True(mit.IsConflicted(Members[2], RequestId));
        Assert.False(mit.IsConflicted(Members[2], OtherRequestId));
        Assert.Equal(new ConflictOfInterestDeclared(MitId, "MIT", Members[2], RequestId, AdoptedAt), Assert.Single(mit.Events));
    }

    [Fact]
    public void A_conflict_needs_a_reason()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events, () => mit.DeclareConflict(Members[2], RequestId, "", AdoptedAt), "reason");
    }

    [Fact]
    public void A_member_declares_for_themselves_and_only_the_chair_in_office_for_another()
    {
        var mit = FullMit();

        Assert.Equal(Members[0], mit.Declarant(Members[0], "", MeetingDay));
        Assert.Equal(Members[0], mit.Declarant(Members[0], $" {Members[0]} ", MeetingDay));
        Assert.Equal(Members[1], mit.Declarant(Chair, Members[1], MeetingDay));
        Assert.Throws<AccessDeniedException>(() => mit.Declarant(Members[0], Members[1], MeetingDay));
        // After the chair's seat ended, the former chair declares only for themselves.
        mit.EndAppointment(ChairSeat, MeetingDay.AddDays(-1));
        Assert.Throws<AccessDeniedException>(() => mit.Declarant(Chair, Members[1], MeetingDay));
    }

    [Fact]
    public void A_conflict_declared_just_after_Dutch_midnight_counts_on_the_Dutch_day()
    {
        var mit = FullMit();
        // 22:30 UTC on 31 August is 00:30 on 1 September in the Netherlands (summer time): the first day of the term.
        var justAfterMidnight = new DateTimeOffset(2030, 8, 31, 22, 30, 0, TimeSpan.Zero);

        mit.DeclareConflict(Members[0], RequestId, "reden", justAfterMidnight);

        Assert.True(mit.IsConflicted(Members[0], RequestId));
        Assert.Throws<RuleViolationException>(() => FullMit().DeclareConflict(Members[0], RequestId, "reden", justAfterMidnight.AddHours(-1)));
    }

    [Fact]
    public void A_conflict_is_declared_once_per_request()
    {
        var mit = FullMit();
        mit.DeclareConflict(Members[2], RequestId, "reden", AdoptedAt);

        Expect.Unchanged<AlreadyExistsException>(mit, () => mit.Events, () => mit.DeclareConflict(Members[2], RequestId, "reden", AdoptedAt));
    }

    [Fact]
    public void Only_someone_with_a_seat_on_that_date_declares_a_conflict()
    {
        var mit = FullMit();
        var beforeTerm = new DateTimeOffset(2030, 8, 31, 12, 0, 0, TimeSpan.FromHours(2));

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.DeclareConflict("stranger", RequestId, "reden", AdoptedAt));
        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.DeclareConflict(Members[0], RequestId, "reden", beforeTerm));
    }

    [Fact]
    public void No_conflict_is_declared_after_the_advice_was_adopted()
    {
        var mit = FullMit();
        mit.AdoptAdvice(RequestId, Digest, "Advies.", AdoptedAt, Chair, Members.Select(m => new Vote(m, VoteChoice.For)).ToList());

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.DeclareConflict(Chair, RequestId, "reden", AdoptedAt.AddHours(1)));
    }

    [Fact]
    public void A_substitute_acting_for_a_request_is_recorded_with_its_seat()
    {
        var mit = FullMit();

        mit.ActFor(SubstituteSeat, RequestId, MeetingDay);

        Assert.Equal(new SubstituteAction(SubstituteSeat, CpbSubstitute, ExpertInstitution.CPB, RequestId, MeetingDay), Assert.Single(mit.SubstituteActions));
        Assert.Equal(new SubstituteActing(MitId, "MIT", SubstituteSeat, CpbSubstitute, "CPB", RequestId, MeetingDay), Assert.Single(mit.Events));
    }

    [Fact]
    public void Only_a_substitute_acts_for_an_expert_seat()
    {
        var mit = FullMit();

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.ActFor(ExpertSeat(ExpertInstitution.CPB), RequestId, MeetingDay));
        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.ActFor(MemberSeat(0), RequestId, MeetingDay));
    }

    [Fact]
    public void A_substitute_acts_only_while_appointed()
    {
        var mit = FullMit();
        mit.EndAppointment(SubstituteSeat, MeetingDay);
        mit.ClearEvents();

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.ActFor(SubstituteSeat, RequestId, MeetingDay.AddDays(1)));
    }

    [Fact]
    public void One_substitute_acts_for_a_seat_on_a_request()
    {
        var mit = FullMit();
        mit.Appoint(Id(41), Seat("cpb-substitute-2", SeatKind.Substitute) with { Institution = ExpertInstitution.CPB });
        mit.ActFor(SubstituteSeat, RequestId, MeetingDay);
        mit.ClearEvents();

        Expect.Unchanged<AlreadyExistsException>(mit, () => mit.Events, () => mit.ActFor(Id(41), RequestId, MeetingDay));
        mit.ActFor(Id(41), OtherRequestId, MeetingDay);
        Assert.Equal(2, mit.SubstituteActions.Count);
    }

    [Fact]
    public void Acting_for_an_unknown_appointment_is_not_found()
    {
        var mit = FullMit();

        Expect.Unchanged<NotFoundException>(mit, () => mit.Events, () => mit.ActFor(Id(999), RequestId, MeetingDay));
    }
}
