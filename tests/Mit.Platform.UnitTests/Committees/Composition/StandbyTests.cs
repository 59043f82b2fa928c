using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain.Composition;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.UnitTests.Composition;

public class StandbyTests
{
    private static readonly Guid StandbyId = Guid.Parse("c0000000-0000-4000-8000-000000000001");
    private static readonly Guid SignalId = Guid.Parse("c0000000-0000-4000-8000-000000000002");
    private static readonly Guid NewCommitteeId = Guid.Parse("c0000000-0000-4000-8000-000000000003");
    private static readonly DateOnly Since = new(2026, 9, 1);
    private static readonly DateTimeOffset RaisedAt = new(2031, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset AnsweredAt = new(2031, 3, 9, 15, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateOnly A1Date = new(2031, 3, 1);
    private const string Cpo = "scp-cpo";
    private const string SgSzw = "sg-szw";

    private static readonly string[] Required =
    [
        "economics", "sociology", "behavioural science", "public health", "mental health",
        "education", "youth", "labour market", "law and human rights", "communication",
    ];

    private static Standby WithCardIndex()
    {
        var standby = Standby.Begin(StandbyId, Cpo, Since);
        standby.AddCandidate(new Candidate("candidate-chair", "Kandidaat-voorzitter (fictief)", ["Public Health", "communication"], "Universiteit (fictief)", Availability.Available, null));
        standby.AddCandidate(new Candidate("candidate-1", "Kandidaat 1 (fictief)", ["economics", "labour market"], null, Availability.Available, "Commissaris bij een fictief bedrijf."));
        standby.AddCandidate(new Candidate("candidate-2", "Kandidaat 2 (fictief)", ["sociology", "youth"], null, Availability.Limited, null));
        standby.AddCandidate(new Candidate("candidate-3", "Kandidaat 3 (fictief)", ["behavioural science", "mental health"], null, Availability.Available, null));
        standby.AddCandidate(new Candidate("candidate-4", "Kandidaat 4 (fictief)", ["education"], null, Availability.Unavailable, null));
        return standby;
    }

    private static ExpertSeat[] FiveExpertSeats() => Seats.AllExpertInstitutions
        .Select(i => new ExpertSeat(i, $"{i.ToString().ToLowerInvariant()}-seat-holder", $"Directeur {i} (functie)", i is ExpertInstitution.CPB or ExpertInstitution.PBL))
        .ToArray();

    private static ActivationPlan Plan(string chair = "candidate-chair", string[]? members = null, ExpertSeat[]? experts = null) =>
        new(NewCommitteeId, new DateOnly(2031, 4, 1), chair, members ?? ["candidate-1", "candidate-2", "candidate-3"], experts ?? FiveExpertSeats());

    private static Standby AnsweredYes()
    {
        var standby = WithCardIndex();
        standby.RaiseSignal(SignalId, SignalRoute.A1Status, Cpo, "Een nieuwe A1-ziekte vraagt om maatschappelijke advisering.", RaisedAt, "fictieve ziekte X", A1Date);
        standby.AnswerSignal(SignalId, SignalAnswer.Yes, null, SgSzw, AnsweredAt);
        standby.ClearEvents();
        return standby;
    }

    [Fact]
    public void Coverage_shows_the_gaps_against_the_required_set()
    {
        var standby = WithCardIndex();

        var report = standby.Coverage(Required);

        Assert.False(report.Complete);
        // candidate-4 is the only one for education but is unavailable.
        Assert.Equal(["education", "law and human rights"], report.Gaps);
        Assert.Equal(["candidate-chair"], report.Areas.Single(a => a.Expertise == "public health").Candidates);
        Assert.Equal(["candidate-2"], report.Areas.Single(a => a.Expertise == "youth").Candidates);
    }

    [Fact]
    public void Coverage_is_complete_when_every_area_has_an_available_candidate()
    {
        var standby = WithCardIndex();
        standby.AddCandidate(new Candidate("candidate-5", "Kandidaat 5 (fictief)", ["law and human rights", " Education "], null, Availability.Available, null));

        var report = standby.Coverage(Required);

        Assert.True(report.Complete);
        Assert.Empty(report.Gaps);
    }

    [Fact]
    public void Coverage_needs_a_required_set()
    {
        Expect.Invalid(() => WithCardIndex().Coverage([" "]), "required_expertise");
    }

    [Fact]
    public void A_candidate_is_in_the_card_index_once_and_is_validated()
    {
        var standby = WithCardIndex();

        Expect.Unchanged<AlreadyExistsException>(standby, () => standby.Events,
            () => standby.AddCandidate(new Candidate("candidate-1", "Dubbel", ["economics"], null, Availability.Available, null)));
        Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.AddCandidate(new Candidate("", "", [], null, Availability.Available, null)), "subject", "name", "expertise");
        Expect.Unchanged<NotFoundException>(standby, () => standby.Events,
            () => standby.UpdateCandidate(new Candidate("nobody", "Niemand", ["law"], null, Availability.Available, null)));
    }

    [Fact]
    public void A_candidate_card_is_updated_and_removed()
    {
        var standby = WithCardIndex();

        standby.UpdateCandidate(new Candidate("candidate-4", "Kandidaat 4 (fictief)", ["education"], null, Availability.Available, null));
        Assert.DoesNotContain("education", standby.Coverage(Required).Gaps);
        standby.RemoveCandidate("candidate-4");

        Assert.Contains("education", standby.Coverage(Required).Gaps);
        Assert.Throws<NotFoundException>(() => standby.RemoveCandidate("candidate-4"));
    }

    [Fact]
    public void An_A1_status_signal_names_the_disease_and_the_date_and_is_due_in_14_days()
    {
        var standby = WithCardIndex();

        var signal = standby.RaiseSignal(SignalId, SignalRoute.A1Status, Cpo, "Een nieuwe A1-ziekte.", RaisedAt, "fictieve ziekte X", A1Date);

        Assert.Equal(RaisedAt.AddDays(14), signal.AnswerDue);
        Assert.Equal(
            new ActivationSignalRaised(StandbyId, SignalId, "A1Status", "fictieve ziekte X", A1Date, "Een nieuwe A1-ziekte.", RaisedAt, RaisedAt.AddDays(14)),
            Assert.Single(standby.Events));
    }

    [Fact]
    public void An_A1_status_signal_without_disease_or_date_is_refused()
    {
        var standby = WithCardIndex();

        Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.RaiseSignal(SignalId, SignalRoute.A1Status, Cpo, "reden", RaisedAt), "disease", "triggered_on");
    }

    [Fact]
    public void An_OMT_convened_signal_names_the_date_the_OMT_met()
    {
        var standby = WithCardIndex();

        Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.RaiseSignal(SignalId, SignalRoute.OmtConvened, Cpo, "Het OMT kwam bijeen.", RaisedAt), "triggered_on");
        var signal = standby.RaiseSignal(SignalId, SignalRoute.OmtConvened, Cpo, "Het OMT kwam bijeen.", RaisedAt, triggeredOn: new DateOnly(2031, 3, 2));

        Assert.Equal(SignalRoute.OmtConvened, signal.Route);
        Assert.Null(signal.Disease);
    }

    [Fact]
    public void An_own_initiative_signal_needs_only_a_rationale()
    {
        var standby = WithCardIndex();

        Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.RaiseSignal(SignalId, SignalRoute.OwnInitiative, Cpo, " ", RaisedAt), "rationale");
        var signal = standby.RaiseSignal(SignalId, SignalRoute.OwnInitiative, Cpo, "Maatschappelijke onrust over maatregelen in buurlanden.", RaisedAt);

        Assert.Equal("OwnInitiative", Assert.IsType<ActivationSignalRaised>(Assert.Single(standby.Events)).Route);
        Assert.Null(signal.TriggeredOn);
    }

    [Fact]
    public void A_trigger_date_after_the_signal_is_refused()
    {
        var standby = WithCardIndex();

        Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.RaiseSignal(SignalId, SignalRoute.A1Status, Cpo, "reden", RaisedAt, "ziekte", new DateOnly(2031, 3, 3)), "triggered_on");
    }

    [Fact]
    public void An_unanswered_signal_is_overdue_after_14_days()
    {
        var standby = WithCardIndex();
        var signal = standby.RaiseSignal(SignalId, SignalRoute.OwnInitiative, Cpo, "reden", RaisedAt);

        Assert.False(signal.IsOverdue(RaisedAt.AddDays(13)));
        Assert.False(signal.IsOverdue(RaisedAt.AddDays(14)));
        Assert.True(signal.IsOverdue(RaisedAt.AddDays(14).AddMinutes(1)));
        Assert.Equal([signal], standby.OverdueSignals(RaisedAt.AddDays(15)));
    }

    [Fact]
    public void An_answered_signal_is_not_overdue()
    {
        var standby = AnsweredYes();

        Assert.False(standby.Signals.Single().IsOverdue(RaisedAt.AddDays(30)));
        Assert.Empty(standby.OverdueSignals(RaisedAt.AddDays(30)));
    }

    [Fact]
    public void A_no_without_reasons_is_refused()
    {
        var standby = WithCardIndex();
        standby.RaiseSignal(SignalId, SignalRoute.OwnInitiative, Cpo, "reden", RaisedAt);
        standby.ClearEvents();

        var ex = Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.AnswerSignal(SignalId, SignalAnswer.No, "  ", SgSzw, AnsweredAt), "reasons");

        Assert.Contains("yes, unless", ex.Violations[0].Description);
        Assert.Null(standby.Signals.Single().Answer);
    }

    [Fact]
    public void A_reasoned_no_is_recorded_and_raised_for_publication()
    {
        var standby = WithCardIndex();
        standby.RaiseSignal(SignalId, SignalRoute.OwnInitiative, Cpo, "reden", RaisedAt);
        standby.ClearEvents();

        standby.AnswerSignal(SignalId, SignalAnswer.No, "De bestaande adviesstructuur volstaat voorlopig.", SgSzw, AnsweredAt);

        Assert.Equal(SignalAnswer.No, standby.Signals.Single().Answer);
        Assert.Equal(
            new ActivationSignalAnswered(StandbyId, SignalId, "No", "De bestaande adviesstructuur volstaat voorlopig.", SgSzw, AnsweredAt, false),
            Assert.Single(standby.Events));
    }

    [Fact]
    public void A_late_answer_is_accepted_and_marked_late()
    {
        var standby = WithCardIndex();
        standby.RaiseSignal(SignalId, SignalRoute.OwnInitiative, Cpo, "reden", RaisedAt);

        standby.AnswerSignal(SignalId, SignalAnswer.Yes, null, SgSzw, RaisedAt.AddDays(15));

        Assert.True(standby.Signals.Single().AnsweredLate);
        Assert.True(Assert.IsType<ActivationSignalAnswered>(standby.Events[^1]).Late);
    }

    [Fact]
    public void A_signal_is_answered_once()
    {
        var standby = AnsweredYes();

        Expect.Unchanged<RuleViolationException>(standby, () => standby.Events,
            () => standby.AnswerSignal(SignalId, SignalAnswer.No, "toch niet", SgSzw, AnsweredAt.AddDays(1)));
    }

    [Fact]
    public void Answering_an_unknown_signal_is_not_found()
    {
        var standby = WithCardIndex();

        Expect.Unchanged<NotFoundException>(standby, () => standby.Events,
            () => standby.AnswerSignal(SignalId, SignalAnswer.Yes, null, SgSzw, AnsweredAt));
    }

    [Fact]
    public void No_activation_before_the_SG_answered_or_after_a_no()
    {
        var standby = WithCardIndex();
        standby.RaiseSignal(SignalId, SignalRoute.OwnInitiative, Cpo, "reden", RaisedAt);

        Expect.Unchanged<RuleViolationException>(standby, () => standby.Events,
            () => standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(), AnsweredAt));
        standby.AnswerSignal(SignalId, SignalAnswer.No, "Nog niet nodig.", SgSzw, AnsweredAt);
        Expect.Unchanged<RuleViolationException>(standby, () => standby.Events,
            () => standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(), AnsweredAt));
    }

    [Fact]
    public void Activation_sets_up_a_valid_MIT_with_one_chair_members_and_the_five_expert_seats()
    {
        var standby = AnsweredYes();
        var at = AnsweredAt.AddDays(3);

        var mit = standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(), at);

        var start = new DateOnly(2031, 4, 1);
        Assert.Equal((NewCommitteeId, CommitteeKind.MIT), (mit.Id, mit.Kind));
        Assert.Equal(start, mit.Decree.Start);
        Assert.Equal(new DateOnly(2033, 3, 31), mit.Decree.End);
        var seats = mit.CompositionAsOf(start);
        Assert.Equal("candidate-chair", Assert.Single(seats, s => s.Seat == SeatKind.Chair).Subject);
        Assert.Equal(["candidate-1", "candidate-2", "candidate-3"], seats.Where(s => s.Seat == SeatKind.Member).Select(s => s.Subject));
        Assert.All(seats.Where(s => s.Seat is SeatKind.Chair or SeatKind.Member), s => Assert.True(s.HasVote));
        var experts = seats.Where(s => s.Seat == SeatKind.ExpertMember).ToList();
        Assert.Equal(Seats.AllExpertInstitutions, experts.Select(e => e.Institution!.Value));
        Assert.All(experts, e => Assert.False(e.HasVote));
        Assert.Equal([ExpertInstitution.CPB, ExpertInstitution.PBL], experts.Where(e => e.AgendaMember).Select(e => e.Institution!.Value));
        Assert.Equal("Kandidaat 1 (fictief)", seats.Single(s => s.Subject == "candidate-1").Name);
        Assert.Equal(9, mit.Events.OfType<MembershipChanged>().Count());
        Assert.IsType<CommitteeEstablished>(mit.Events[0]);
    }

    [Fact]
    public void Activation_ends_the_standby()
    {
        var standby = AnsweredYes();
        var at = AnsweredAt.AddDays(3);

        standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(), at);

        Assert.False(standby.Active);
        Assert.Equal(NewCommitteeId, standby.ActivatedCommitteeId);
        Assert.Equal(new StandbyEnded(StandbyId, SignalId, NewCommitteeId, at), Assert.Single(standby.Events));
        Expect.Unchanged<RuleViolationException>(standby, () => standby.Events,
            () => standby.RaiseSignal(Guid.Parse("c0000000-0000-4000-8000-000000000009"), SignalRoute.OwnInitiative, Cpo, "reden", at));
        Expect.Unchanged<RuleViolationException>(standby, () => standby.Events,
            () => standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(), at));
    }

    [Fact]
    public void The_decree_template_sets_the_term_and_quorum()
    {
        var standby = AnsweredYes();

        var mit = standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)", 3, new QuorumRule(2, 3)), Plan(), AnsweredAt);

        Assert.Equal(new DateOnly(2034, 3, 31), mit.Decree.End);
        Assert.Equal(new QuorumRule(2, 3), mit.Quorum);
    }

    [Fact]
    public void An_unavailable_or_unknown_candidate_is_not_seated_and_nothing_changes()
    {
        var standby = AnsweredYes();

        Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(chair: "candidate-4", members: ["candidate-1", "nobody"]), AnsweredAt),
            "chair_subject", "member_subjects[1]");
        Assert.True(standby.Active);
    }

    [Fact]
    public void All_five_expert_seats_are_filled_once()
    {
        var standby = AnsweredYes();
        var fourSeats = FiveExpertSeats().Where(e => e.Institution != ExpertInstitution.SER).ToArray();

        var ex = Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(experts: fourSeats), AnsweredAt),
            "expert_seats");

        Assert.Contains("SER", ex.Violations[0].Description);
    }

    [Fact]
    public void The_chair_is_not_also_a_member_and_a_plan_has_members()
    {
        var standby = AnsweredYes();

        Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(members: ["candidate-chair", "candidate-1"]), AnsweredAt),
            "member_subjects");
        Expect.UnchangedInvalid(standby, () => standby.Events,
            () => standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(members: []), AnsweredAt),
            "member_subjects");
    }

    [Fact]
    public void A_plan_refused_by_a_composition_rule_leaves_the_standby_as_it_was()
    {
        var standby = AnsweredYes();
        var experts = FiveExpertSeats();
        experts[0] = experts[0] with { Subject = "candidate-1" };

        Expect.Unchanged<RuleViolationException>(standby, () => standby.Events,
            () => standby.Activate(SignalId, new DecreeTemplate("Instellingsbesluit MIT (sjabloon)"), Plan(experts: experts), AnsweredAt));
        Assert.True(standby.Active);
    }

    [Fact]
    public void A_standby_survives_a_json_round_trip()
    {
        var standby = AnsweredYes();

        var copy = TestCommittee.RoundTrip(standby);

        Assert.Equal(TestCommittee.State(standby), TestCommittee.State(copy));
        Assert.Equal(SignalAnswer.Yes, copy.Signals.Single().Answer);
    }
}
