using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain.Composition;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;
using static Mit.Platform.UnitTests.Composition.TestCommittee;

namespace Mit.Platform.UnitTests.Composition;

public class CommitteeCompositionTests
{
    private static readonly Guid NewSeat = Id(900);

    [Fact]
    public void Establish_records_the_decree_and_raises_one_event()
    {
        var mit = EmptyMit();

        Assert.Equal(CommitteeKind.MIT, mit.Kind);
        Assert.Equal(TermStart, mit.Decree.Start);
        Assert.Equal(TermEnd, mit.Decree.End);
        Assert.Empty(mit.Appointments);
        Assert.Equal(QuorumRule.Majority, mit.Quorum);
        var e = Assert.IsType<CommitteeEstablished>(Assert.Single(mit.Events));
        Assert.Equal(new CommitteeEstablished(MitId, "MIT", "Instellingsbesluit Commissie MIT (test)", TermStart, TermEnd, DecidedAt), e);
    }

    [Fact]
    public void Establish_refuses_a_term_that_ends_before_it_starts_and_a_missing_reference()
    {
        Expect.Invalid(() => Committee.Establish(MitId, CommitteeKind.MIT, " ", TermStart, TermStart.AddDays(-1), DecidedAt),
            "decree_reference", "term_end");
    }

    [Fact]
    public void Establish_refuses_a_quorum_that_is_not_a_fraction_below_one()
    {
        Expect.Invalid(() => EmptyMit(new QuorumRule(2, 2)), "quorum");
    }

    [Fact]
    public void Chair_and_members_vote_and_their_appointment_raises_MembershipChanged()
    {
        var mit = EmptyMit();
        mit.ClearEvents();

        var chair = mit.Appoint(ChairSeat, Seat(Chair, SeatKind.Chair));
        var member = mit.Appoint(MemberSeat(0), Seat(Members[0], SeatKind.Member, MeetingDay));

        Assert.True(chair.HasVote);
        Assert.True(member.HasVote);
        Assert.Null(chair.Until);
        Assert.Equal(TermEnd, mit.EndOf(chair));
        Assert.Equal(
            [
                new MembershipChanged(MitId, "MIT", ChairSeat, Chair, "Chair", "Appointed", TermStart),
                new MembershipChanged(MitId, "MIT", MemberSeat(0), Members[0], "Member", "Appointed", MeetingDay),
            ],
            mit.Events);
    }

    [Fact]
    public void A_second_chair_at_overlapping_dates_is_refused_and_nothing_changes()
    {
        var mit = FullMit();

        var ex = Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("second-chair", SeatKind.Chair, MeetingDay)));

        Assert.Contains("chair is held by mit-chair", ex.Message);
    }

    [Fact]
    public void A_new_chair_may_start_the_day_after_the_previous_chair_ended_but_not_on_that_day()
    {
        var mit = FullMit();
        var lastDay = new DateOnly(2031, 2, 28);
        mit.EndAppointment(ChairSeat, lastDay);

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("next-chair", SeatKind.Chair, lastDay)));
        mit.Appoint(NewSeat, Seat("next-chair", SeatKind.Chair, lastDay.AddDays(1)));

        Assert.Equal(Chair, mit.ChairOn(lastDay)!.Subject);
        Assert.Equal("next-chair", mit.ChairOn(lastDay.AddDays(1))!.Subject);
        Assert.Single(mit.CompositionAsOf(lastDay), a => a.Seat == SeatKind.Chair);
        Assert.Single(mit.CompositionAsOf(lastDay.AddDays(1)), a => a.Seat == SeatKind.Chair);
    }

    [Fact]
    public void An_expert_member_has_no_vote_and_its_seat_is_tied_to_an_institution()
    {
        var mit = FullMit();

        var cpb = mit.Appointments.Single(a => a.Id == ExpertSeat(ExpertInstitution.CPB));
        var scp = mit.Appointments.Single(a => a.Id == ExpertSeat(ExpertInstitution.SCP));

        Assert.False(cpb.HasVote);
        Assert.Equal(ExpertInstitution.CPB, cpb.Institution);
        Assert.True(cpb.AgendaMember);
        Assert.False(scp.AgendaMember);
    }

    [Fact]
    public void An_expert_member_without_an_institution_is_refused()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("expert", SeatKind.ExpertMember)), "institution");
    }

    [Fact]
    public void A_member_sits_in_a_personal_capacity_not_for_an_institution()
    {
        var mit = FullMit();

        var ex = Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member) with { Institution = ExpertInstitution.SER }), "institution");

        Assert.Contains("personal capacity", ex.Violations[0].Description);
    }

    [Fact]
    public void A_second_holder_of_the_same_expert_seat_is_refused_while_the_seat_is_held()
    {
        var mit = FullMit();

        var ex = Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("other-ser-expert", SeatKind.ExpertMember, MeetingDay) with { Institution = ExpertInstitution.SER }));
        Assert.Contains("SER expert seat", ex.Message);

        mit.EndAppointment(ExpertSeat(ExpertInstitution.SER), MeetingDay);
        mit.Appoint(NewSeat, Seat("other-ser-expert", SeatKind.ExpertMember, MeetingDay.AddDays(1)) with { Institution = ExpertInstitution.SER });
        Assert.Equal("other-ser-expert", mit.CompositionAsOf(MeetingDay.AddDays(1)).Single(a => a.Institution == ExpertInstitution.SER && a.Seat == SeatKind.ExpertMember).Subject);
    }

    [Fact]
    public void Only_an_expert_member_can_be_an_agenda_member()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member) with { AgendaMember = true }), "agenda_member");
    }

    [Fact]
    public void A_substitute_names_the_expert_seat_it_stands_in_for_and_has_no_vote()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("substitute-2", SeatKind.Substitute)), "institution");
        var substitute = mit.Appointments.Single(a => a.Id == SubstituteSeat);

        Assert.False(substitute.HasVote);
        Assert.Equal(ExpertInstitution.CPB, substitute.Institution);
    }

    [Fact]
    public void The_secretariat_has_no_vote_but_has_desk_access()
    {
        var mit = FullMit();

        Assert.False(mit.Appointments.Single(a => a.Id == SecretariatSeat).HasVote);
        Assert.True(mit.HasDeskAccess(Secretariat, MeetingDay));
        Assert.False(mit.HasDeskAccess(Members[0], MeetingDay));
        Assert.False(mit.HasDeskAccess(Secretariat, TermEnd.AddDays(1)));
    }

    [Theory]
    [InlineData(SeatKind.Secretary)]
    [InlineData(SeatKind.InvitedExpert)]
    public void Seats_of_the_OMT_are_refused_in_the_MIT(SeatKind seat)
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("someone", seat) with { Topic = seat == SeatKind.InvitedExpert ? "topic" : null }), "seat");
    }

    [Theory]
    [InlineData(SeatKind.ExpertMember)]
    [InlineData(SeatKind.Substitute)]
    [InlineData(SeatKind.Secretariat)]
    public void Seats_of_the_MIT_are_refused_in_the_OMT(SeatKind seat)
    {
        var omt = FullOmt();
        var institution = seat is SeatKind.ExpertMember or SeatKind.Substitute ? ExpertInstitution.SCP : (ExpertInstitution?)null;

        Expect.UnchangedInvalid(omt, () => omt.Events,
            () => omt.Appoint(NewSeat, Seat("someone", seat) with { Institution = institution }), "seat");
    }

    [Fact]
    public void The_OMT_has_one_chair_one_secretary_members_and_invited_experts_without_a_vote()
    {
        var omt = FullOmt();

        var seats = omt.CompositionAsOf(MeetingDay);
        Assert.Equal([SeatKind.Chair, SeatKind.Member, SeatKind.Member, SeatKind.Secretary, SeatKind.InvitedExpert], seats.Select(s => s.Seat));
        Assert.False(seats.Single(s => s.Seat == SeatKind.InvitedExpert).HasVote);
        Assert.Equal("modelling", seats.Single(s => s.Seat == SeatKind.InvitedExpert).Topic);
        Assert.True(omt.HasDeskAccess(OmtSecretary, MeetingDay));
        Expect.Unchanged<RuleViolationException>(omt, () => omt.Events,
            () => omt.Appoint(NewSeat, Seat("second-secretary", SeatKind.Secretary, MeetingDay)));
        Expect.Unchanged<RuleViolationException>(omt, () => omt.Events,
            () => omt.Appoint(NewSeat, Seat("second-omt-chair", SeatKind.Chair, MeetingDay)));
    }

    [Fact]
    public void An_invited_expert_is_invited_for_a_topic_or_a_request()
    {
        var omt = FullOmt();

        Expect.UnchangedInvalid(omt, () => omt.Events,
            () => omt.Appoint(NewSeat, Seat("expert-2", SeatKind.InvitedExpert)), "topic");
        var invited = omt.Appoint(NewSeat, Seat("expert-2", SeatKind.InvitedExpert) with { RequestId = RequestId });

        Assert.Equal(RequestId, invited.RequestId);
        Assert.False(invited.HasVote);
    }

    [Fact]
    public void A_topic_on_any_other_seat_is_refused()
    {
        var omt = FullOmt();

        Expect.UnchangedInvalid(omt, () => omt.Events,
            () => omt.Appoint(NewSeat, Seat("omt-member-3", SeatKind.Member) with { Topic = "modelling" }), "topic");
    }

    [Fact]
    public void An_appointment_starting_before_the_decree_is_refused()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member, TermStart.AddDays(-1))), "from");
    }

    [Fact]
    public void An_appointment_starting_after_the_decree_is_refused()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member, TermEnd.AddDays(1))), "from");
    }

    [Fact]
    public void An_appointment_ending_after_the_decree_is_refused()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member) with { Until = TermEnd.AddDays(1) }), "until");
    }

    [Fact]
    public void An_appointment_ending_before_it_starts_is_refused()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member, MeetingDay) with { Until = MeetingDay.AddDays(-1) }), "until");
    }

    [Fact]
    public void An_appointment_for_exactly_the_decree_term_is_accepted()
    {
        var mit = FullMit();

        var a = mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member, TermStart) with { Until = TermEnd });

        Assert.True(mit.InForce(a, TermStart));
        Assert.True(mit.InForce(a, TermEnd));
    }

    [Theory]
    [InlineData("", "name", "subject")]
    [InlineData("  ", "", "subject", "name")]
    [InlineData("someone", "", "name")]
    public void Subject_and_name_are_required(string subject, string name, params string[] fields)
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, new NewAppointment(subject, name, SeatKind.Member, MeetingDay)), fields);
    }

    [Fact]
    public void Nobody_holds_two_seats_in_one_committee_at_overlapping_dates()
    {
        var mit = FullMit();

        var ex = Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.Appoint(NewSeat, Seat(Members[0], SeatKind.Secretariat, TermEnd)));

        Assert.Contains("mit-member-1 already holds the Member seat", ex.Message);
    }

    [Fact]
    public void A_member_who_stepped_down_may_become_secretariat_afterwards()
    {
        var mit = FullMit();
        mit.EndAppointment(MemberSeat(0), MeetingDay);

        mit.Appoint(NewSeat, Seat(Members[0], SeatKind.Secretariat, MeetingDay.AddDays(1)));

        Assert.Equal(SeatKind.Member, mit.SeatOf(Members[0], MeetingDay)!.Seat);
        Assert.Equal(SeatKind.Secretariat, mit.SeatOf(Members[0], MeetingDay.AddDays(1))!.Seat);
    }

    [Fact]
    public void An_appointment_id_is_used_once()
    {
        var mit = FullMit();

        Expect.Unchanged<AlreadyExistsException>(mit, () => mit.Events,
            () => mit.Appoint(ChairSeat, Seat("member-5", SeatKind.Member)));
    }

    [Fact]
    public void Ending_an_appointment_keeps_it_in_history_and_raises_the_change_from_the_next_day()
    {
        var mit = FullMit();
        var lastDay = new DateOnly(2031, 3, 31);

        mit.EndAppointment(MemberSeat(1), lastDay);

        var ended = mit.Appointments.Single(a => a.Id == MemberSeat(1));
        Assert.Equal(lastDay, ended.Until);
        Assert.True(ended.Ended);
        Assert.True(mit.IsCurrentMember(Members[1], lastDay));
        Assert.False(mit.IsCurrentMember(Members[1], lastDay.AddDays(1)));
        Assert.Contains(mit.CompositionAsOf(MeetingDay), a => a.Subject == Members[1]);
        Assert.Equal(new MembershipChanged(MitId, "MIT", MemberSeat(1), Members[1], "Member", "Ended", lastDay.AddDays(1)), Assert.Single(mit.Events));
    }

    [Fact]
    public void An_ended_appointment_is_not_ended_again()
    {
        var mit = FullMit();
        mit.EndAppointment(MemberSeat(1), new DateOnly(2031, 3, 31));

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.EndAppointment(MemberSeat(1), new DateOnly(2031, 2, 1)));
    }

    [Fact]
    public void An_end_before_the_start_is_refused()
    {
        var mit = FullMit();
        var late = mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member, MeetingDay));
        mit.ClearEvents();

        Expect.UnchangedInvalid(mit, () => mit.Events, () => mit.EndAppointment(late.Id, MeetingDay.AddDays(-1)), "last_day");
    }

    [Fact]
    public void An_end_after_the_current_end_is_refused()
    {
        var mit = FullMit();
        var dated = mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member) with { Until = MeetingDay });
        mit.ClearEvents();

        Expect.UnchangedInvalid(mit, () => mit.Events, () => mit.EndAppointment(dated.Id, MeetingDay.AddDays(1)), "last_day");
    }

    [Fact]
    public void Ending_an_unknown_appointment_is_not_found()
    {
        var mit = FullMit();

        Expect.Unchanged<NotFoundException>(mit, () => mit.Events, () => mit.EndAppointment(NewSeat, MeetingDay));
    }

    [Fact]
    public void CompositionAsOf_returns_the_seats_in_force_on_that_date_chair_first()
    {
        var mit = FullMit();
        mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member, new DateOnly(2031, 6, 1)));
        mit.EndAppointment(MemberSeat(3), new DateOnly(2031, 5, 31));

        var before = mit.CompositionAsOf(new DateOnly(2031, 5, 31));
        var after = mit.CompositionAsOf(new DateOnly(2031, 6, 1));

        Assert.Equal(SeatKind.Chair, before[0].Seat);
        Assert.Equal(12, before.Count);
        Assert.Contains(before, a => a.Subject == Members[3]);
        Assert.DoesNotContain(before, a => a.Subject == "member-5");
        Assert.Equal(12, after.Count);
        Assert.Contains(after, a => a.Subject == "member-5");
        Assert.DoesNotContain(after, a => a.Subject == Members[3]);
        Assert.Empty(mit.CompositionAsOf(TermStart.AddDays(-1)));
        Assert.Empty(mit.CompositionAsOf(TermEnd.AddDays(1)));
    }

    [Fact]
    public void IsCurrentMember_checks_the_date_and_optionally_the_seat_kinds()
    {
        var mit = FullMit();
        var at = new DateTimeOffset(2031, 1, 15, 9, 0, 0, TimeSpan.FromHours(1));

        Assert.True(mit.IsCurrentMember(Members[0], MeetingDay));
        Assert.True(mit.IsCurrentMember(Members[0], at, SeatKind.Chair, SeatKind.Member));
        Assert.False(mit.IsCurrentMember(Members[0], MeetingDay, SeatKind.Secretariat));
        Assert.True(mit.IsCurrentMember(Secretariat, MeetingDay, SeatKind.Secretariat));
        Assert.False(mit.IsCurrentMember("stranger", MeetingDay));
        Assert.False(mit.IsCurrentMember(Members[0], TermStart.AddDays(-1)));
    }

    [Fact]
    public void Extending_the_term_carries_open_appointments_and_leaves_dated_ones()
    {
        var mit = FullMit();
        var dated = mit.Appoint(NewSeat, Seat("member-5", SeatKind.Member) with { Until = TermEnd });
        mit.ClearEvents();
        var newEnd = new DateOnly(2034, 8, 31);
        var decidedAt = new DateTimeOffset(2032, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));

        mit.ExtendTerm(newEnd, decidedAt);

        Assert.Equal(newEnd, mit.Decree.End);
        Assert.Equal(new TermExtension(TermEnd, newEnd, decidedAt), Assert.Single(mit.Decree.Extensions));
        Assert.True(mit.IsCurrentMember(Chair, new DateOnly(2033, 1, 1)));
        Assert.False(mit.InForce(dated, new DateOnly(2033, 1, 1)));
        Assert.Equal(new CommitteeTermExtended(MitId, "MIT", TermEnd, newEnd, decidedAt), Assert.Single(mit.Events));
        mit.Appoint(Id(901), Seat("member-6", SeatKind.Member, new DateOnly(2033, 1, 1)) with { Until = newEnd });
    }

    [Fact]
    public void An_extension_must_move_the_end_later()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events, () => mit.ExtendTerm(TermEnd, DecidedAt), "new_end");
    }

    [Fact]
    public void A_lapsed_committee_is_not_extended()
    {
        var mit = FullMit();
        var afterEnd = new DateTimeOffset(2032, 9, 1, 9, 0, 0, TimeSpan.FromHours(2));

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events, () => mit.ExtendTerm(new DateOnly(2034, 8, 31), afterEnd));
    }

    [Fact]
    public void A_committee_survives_a_json_round_trip()
    {
        var mit = FullMit();
        mit.EndAppointment(MemberSeat(2), MeetingDay);
        mit.DeclareConflict(Members[0], RequestId, "Adviseert een betrokken brancheorganisatie.", AdoptedAt);

        var copy = RoundTrip(mit);

        Assert.Equal(State(mit), State(copy));
        Assert.Equal(mit.CompositionAsOf(MeetingDay.AddDays(1)).Select(a => a.Id), copy.CompositionAsOf(MeetingDay.AddDays(1)).Select(a => a.Id));
        Assert.True(copy.IsConflicted(Members[0], RequestId));
    }
}
