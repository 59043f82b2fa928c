using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain.Composition;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;
using static Mit.Platform.UnitTests.Composition.TestCommittee;

namespace Mit.Platform.UnitTests.Composition;

public class AdoptionTests
{
    private const string Summary = "Het MIT adviseert de maatregel onder voorwaarden.";

    private static Vote For(string subject) => new(subject, VoteChoice.For);

    private static Vote Against(string subject) => new(subject, VoteChoice.Against);

    private static Vote Abstain(string subject) => new(subject, VoteChoice.Abstain);

    [Fact]
    public void Voting_members_adopt_an_advice_by_majority()
    {
        var mit = FullMit();

        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), Against(Members[1]), Abstain(Members[2])]);

        Assert.Equal(AdoptionMethod.Vote, adoption.Method);
        Assert.Equal((2, 1, 1), (adoption.VotesFor, adoption.VotesAgainst, adoption.Abstentions));
        Assert.Equal(CommitteeKind.MIT, adoption.Committee);
        Assert.Equal(Digest, adoption.DocumentDigest);
        Assert.Same(adoption, mit.AdoptionFor(RequestId));
    }

    [Fact]
    public void The_snapshot_equals_the_composition_at_the_moment_of_adoption()
    {
        var mit = FullMit();
        mit.ActFor(SubstituteSeat, RequestId, MeetingDay);
        mit.ActFor(SubstituteSeat, OtherRequestId, MeetingDay);
        mit.DeclareConflict(Members[3], RequestId, "reden", AdoptedAt.AddHours(-2));

        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), Against(Members[1])]);

        var snapshot = adoption.Snapshot;
        var expected = mit.CompositionAsOf(MeetingDay);
        Assert.Equal(MeetingDay, snapshot.AsOf);
        Assert.Equal(expected.Select(a => (a.Id, a.Subject, a.Seat, a.Institution, a.AgendaMember, a.HasVote, a.From)),
            snapshot.Seats.Select(s => (s.AppointmentId, s.Subject, s.Seat, s.Institution, s.AgendaMember, s.HasVote, s.From)));
        Assert.Equal([Chair, Members[0], Members[1], Members[2]], snapshot.CouldVote);
        Assert.Equal([For(Chair), For(Members[0]), Against(Members[1])], snapshot.Votes);
        Assert.Equal([Members[2]], snapshot.Absent);
        Assert.Equal([Members[3]], snapshot.Conflicted);
        Assert.Equal(new SubstituteAction(SubstituteSeat, CpbSubstitute, ExpertInstitution.CPB, RequestId, MeetingDay), Assert.Single(snapshot.ActingSubstitutes));
    }

    [Fact]
    public void The_snapshot_keeps_the_composition_of_that_moment_after_later_changes()
    {
        var mit = FullMit();
        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1])]);

        mit.EndAppointment(MemberSeat(0), MeetingDay.AddDays(1));
        mit.Appoint(Id(900), Seat("member-5", SeatKind.Member, MeetingDay.AddDays(2)));

        Assert.Contains(adoption.Snapshot.Seats, s => s.Subject == Members[0] && s.Until == TermEnd);
        Assert.DoesNotContain(adoption.Snapshot.Seats, s => s.Subject == "member-5");
    }

    [Fact]
    public void The_AdviceAdopted_event_carries_the_snapshot_and_no_content()
    {
        var mit = FullMit();

        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1])]);

        var e = Assert.IsType<AdviceAdopted>(Assert.Single(mit.Events));
        Assert.Equal((MitId, "MIT", RequestId, Digest, AdoptedAt, "Vote", 3, 0, 0, false),
            (e.CommitteeId, e.Committee, e.RequestId, e.DocumentDigest, e.AdoptedAt, e.Method, e.VotesFor, e.VotesAgainst, e.Abstentions, e.DissentNoted));
        Assert.Same(adoption.Snapshot, e.Snapshot);
    }

    [Fact]
    public void A_vote_by_an_expert_member_refuses_the_whole_adoption()
    {
        var mit = FullMit();

        var ex = Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1]), For(ExpertSubject(ExpertInstitution.SCP))]),
            "votes[3].subject");

        Assert.Contains("scp-expert holds a seat without a vote (ExpertMember)", ex.Violations[0].Description);
        Assert.Null(mit.AdoptionFor(RequestId));
    }

    [Fact]
    public void A_substitute_acting_for_an_expert_seat_cannot_vote()
    {
        var mit = FullMit();
        mit.ActFor(SubstituteSeat, RequestId, MeetingDay);
        mit.ClearEvents();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(CpbSubstitute), For(Chair), For(Members[0]), For(Members[1])]),
            "votes[0].subject");
    }

    [Fact]
    public void A_conflicted_member_cannot_vote_on_that_request()
    {
        var mit = FullMit();
        mit.DeclareConflict(Members[0], RequestId, "reden", AdoptedAt.AddHours(-1));
        mit.ClearEvents();

        var ex = Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1]), For(Members[2])]),
            "votes[1].subject");

        Assert.Contains("conflict of interest", ex.Violations[0].Description);
    }

    [Fact]
    public void The_refusal_lists_every_bad_voter()
    {
        var mit = FullMit();
        mit.DeclareConflict(Members[0], RequestId, "reden", AdoptedAt.AddHours(-1));
        mit.ClearEvents();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair,
            [
                For(Chair),
                For(Members[0]),
                For(ExpertSubject(ExpertInstitution.CPB)),
                For(CpbSubstitute),
                For(Secretariat),
                For("stranger"),
                For(Members[1]),
                Against(Members[1]),
            ]),
            "votes[1].subject", "votes[2].subject", "votes[3].subject", "votes[4].subject", "votes[5].subject", "votes[7].subject");
    }

    [Fact]
    public void A_member_whose_seat_ended_before_the_adoption_cannot_vote()
    {
        var mit = FullMit();
        mit.EndAppointment(MemberSeat(0), MeetingDay.AddDays(-1));
        mit.ClearEvents();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1]), For(Members[2])]),
            "votes[1].subject");
    }

    [Fact]
    public void Quorum_is_met_by_a_majority_of_the_voting_members_in_office()
    {
        var mit = FullMit();

        // Five voting members in office: three is a majority, abstentions count as present and voting.
        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), Abstain(Members[0]), Abstain(Members[1])]);

        Assert.Equal(5, adoption.Snapshot.CouldVote.Count);
        Assert.Equal(2, adoption.Snapshot.Absent.Count);
    }

    [Fact]
    public void Quorum_is_not_met_by_two_of_five()
    {
        var mit = FullMit();

        var ex = Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0])]));

        Assert.Contains("No quorum: 2 of the 5", ex.Message);
    }

    [Fact]
    public void Expert_and_secretariat_seats_do_not_count_towards_the_quorum()
    {
        var mit = FullMit();

        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1])]);

        Assert.DoesNotContain(adoption.Snapshot.CouldVote, s => s == Secretariat || s == CpbSubstitute || s.EndsWith("-expert", StringComparison.Ordinal));
    }

    [Fact]
    public void Conflicted_members_are_not_counted_among_those_who_may_vote()
    {
        var mit = FullMit();
        mit.DeclareConflict(Members[2], RequestId, "reden", AdoptedAt.AddHours(-1));
        mit.DeclareConflict(Members[3], RequestId, "reden", AdoptedAt.AddHours(-1));

        // Three may vote; two of three is a majority.
        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0])]);

        Assert.Equal([Chair, Members[0], Members[1]], adoption.Snapshot.CouldVote);
        Assert.Equal([Members[2], Members[3]], adoption.Snapshot.Conflicted);
    }

    [Fact]
    public void A_configured_quorum_of_two_thirds_needs_four_of_five()
    {
        var mit = FullMit(new QuorumRule(2, 3));

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1])]));
        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1]), Against(Members[2])]);

        Assert.Equal(3, adoption.VotesFor);
    }

    [Fact]
    public void An_advice_without_more_votes_for_than_against_is_not_adopted()
    {
        var mit = FullMit();

        var ex = Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), Against(Members[1]), Against(Members[2]), Abstain(Members[3])]));

        Assert.Contains("2 for, 2 against, 1 abstentions", ex.Message);
    }

    [Fact]
    public void A_member_votes_once()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1]), For(Chair)]),
            "votes[3].subject");
    }

    [Fact]
    public void A_unanimous_consensus_is_recorded_as_such()
    {
        var mit = FullMit();

        var adoption = mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, new[] { Chair }.Concat(Members).Select(For).ToList(), unanimousConsensus: true);

        Assert.Equal(AdoptionMethod.UnanimousConsensus, adoption.Method);
        Assert.Equal(5, adoption.VotesFor);
        Assert.Empty(adoption.Snapshot.Absent);
    }

    [Fact]
    public void A_unanimous_consensus_with_an_abstention_is_refused()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), Abstain(Members[1])], unanimousConsensus: true),
            "unanimous_consensus");
    }

    [Fact]
    public void Digest_and_summary_are_checked()
    {
        var mit = FullMit();

        Expect.UnchangedInvalid(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, "not-a-digest", " ", AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1])]),
            "document_digest", "summary");
    }

    [Fact]
    public void An_upper_case_digest_is_stored_in_lower_case()
    {
        var mit = FullMit();

        var adoption = mit.AdoptAdvice(RequestId, Digest.ToUpperInvariant(), Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1])]);

        Assert.Equal(Digest, adoption.DocumentDigest);
    }

    [Fact]
    public void A_committee_adopts_once_per_request()
    {
        var mit = FullMit();
        mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, [For(Chair), For(Members[0]), For(Members[1])]);
        mit.ClearEvents();

        Expect.Unchanged<AlreadyExistsException>(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt.AddDays(1), Chair, [For(Chair), For(Members[0]), For(Members[1])]));
    }

    [Fact]
    public void No_adoption_outside_the_decree_term()
    {
        var mit = FullMit();
        var afterTerm = new DateTimeOffset(2032, 9, 2, 10, 0, 0, TimeSpan.FromHours(2));

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.AdoptAdvice(RequestId, Digest, Summary, afterTerm, Chair, [For(Chair), For(Members[0]), For(Members[1])]));
    }

    [Fact]
    public void The_MIT_does_not_adopt_by_a_chair_recorded_consensus()
    {
        var mit = FullMit();

        Expect.Unchanged<RuleViolationException>(mit, () => mit.Events,
            () => mit.AdoptByConsensus(RequestId, Digest, Summary, AdoptedAt, Chair));
    }

    [Fact]
    public void Only_the_chair_in_office_records_the_vote()
    {
        var mit = FullMit();
        // The chair's seat ended before the meeting: a role claim of a former chair is not enough.
        mit.EndAppointment(ChairSeat, MeetingDay.AddDays(-1));
        mit.ClearEvents();
        var votes = new[] { For(Members[0]), For(Members[1]), For(Members[2]) };

        Expect.Unchanged<AccessDeniedException>(mit, () => mit.Events, () => mit.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Chair, votes));
        Expect.Unchanged<AccessDeniedException>(FullMit(), () => [], () => FullMit().AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, Members[0], votes));
    }

    [Fact]
    public void The_OMT_does_not_vote()
    {
        var omt = FullOmt();

        Expect.Unchanged<RuleViolationException>(omt, () => omt.Events,
            () => omt.AdoptAdvice(RequestId, Digest, Summary, AdoptedAt, OmtChair, [For(OmtChair)]));
    }

    [Fact]
    public void The_OMT_chair_records_the_consensus_with_dissent_noted()
    {
        var omt = FullOmt();

        var adoption = omt.AdoptByConsensus(RequestId, Digest, "Het OMT adviseert tegen de maatregel.", AdoptedAt, OmtChair, "Eén lid ziet meer nut in de maatregel.");

        Assert.Equal(AdoptionMethod.Consensus, adoption.Method);
        Assert.Equal(OmtChair, adoption.RecordedBy);
        Assert.Equal("Eén lid ziet meer nut in de maatregel.", adoption.Dissent);
        Assert.Equal([OmtChair, OmtMembers[0], OmtMembers[1], OmtSecretary], adoption.Snapshot.CouldVote);
        Assert.Empty(adoption.Snapshot.Votes);
        Assert.Empty(adoption.Snapshot.Absent);
        Assert.Equal(omt.CompositionAsOf(MeetingDay).Select(a => a.Id), adoption.Snapshot.Seats.Select(s => s.AppointmentId));
        var e = Assert.IsType<AdviceAdopted>(Assert.Single(omt.Events));
        Assert.Equal(("OMT", "Consensus", true), (e.Committee, e.Method, e.DissentNoted));
    }

    [Fact]
    public void Only_the_OMT_chair_in_office_records_the_consensus()
    {
        var omt = FullOmt();

        Expect.Unchanged<AccessDeniedException>(omt, () => omt.Events,
            () => omt.AdoptByConsensus(RequestId, Digest, Summary, AdoptedAt, OmtSecretary));
    }
}
