using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain.Composition;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;
using CommitteeAggregate = Mit.Platform.Committees.Domain.Composition.Committee;

namespace Mit.Platform.UnitTests.Composition;

/// <summary>The CPO's standby inbox: the three signal routes' triggers with a prefilled signal, and overdue SG answers.</summary>
public sealed class StandbyInboxTests
{
    private static readonly DateTimeOffset Now = new(2031, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateOnly Today = new(2031, 3, 2);

    private static Standby Active() => Standby.Begin(Guid.NewGuid(), "scp-cpo", new DateOnly(2026, 9, 1));

    private static CommitteeAggregate Omt() => CommitteeAggregate.Establish(Guid.NewGuid(), CommitteeKind.OMT, "OMT decree", new DateOnly(2030, 1, 1), new DateOnly(2033, 1, 1), Now);

    [Fact]
    public void An_OMT_meeting_becomes_a_notice_on_the_OMT_convened_route_with_its_date_topic_and_request()
    {
        var standby = Active();
        var request = Guid.NewGuid();
        var meeting = Omt().RecordMeeting(Guid.NewGuid(), Today, "Rising admissions of disease X", request, "omt-secretary", Now);

        var notice = standby.NoticeOmtMeeting(meeting);

        Assert.Equal((1L, NoticeKind.OmtConvened, SignalRoute.OmtConvened), (notice.Position, notice.Kind, notice.Route!.Value));
        Assert.Equal((Today, "Rising admissions of disease X", request), (notice.OccurredOn!.Value, notice.Topic, notice.RequestId!.Value));
        Assert.Contains("Rising admissions of disease X", notice.PrefilledRationale, StringComparison.Ordinal);
    }

    [Fact]
    public void A1_classifications_and_own_initiative_notes_follow_at_the_next_positions()
    {
        var standby = Active();

        var a1 = standby.NoticeA1Classification(Guid.NewGuid(), "Disease X", Today, "vws-requester", Now);
        var own = standby.NoticeOwnInitiative(Guid.NewGuid(), "School closures abroad point to effects here.", "scp-cpo", Now);

        Assert.Equal((1L, SignalRoute.A1Status, "Disease X"), (a1.Position, a1.Route!.Value, a1.Disease!));
        Assert.Equal((2L, SignalRoute.OwnInitiative), (own.Position, own.Route!.Value));
        Assert.Equal([a1, own], standby.NoticesAfter(0, 10));
        Assert.Equal([own], standby.NoticesAfter(1, 10));
    }

    [Fact]
    public void Bad_triggers_are_refused_with_the_fields_and_nothing_is_added()
    {
        var standby = Active();

        var e = Assert.Throws<ValidationFailedException>(() => standby.NoticeA1Classification(Guid.NewGuid(), " ", Today.AddDays(1), "vws", Now));
        Assert.Equal(["classified_on", "disease"], e.Violations.Select(v => v.Field).Order());
        Assert.Throws<ValidationFailedException>(() => standby.NoticeOwnInitiative(Guid.NewGuid(), "", "scp-cpo", Now));
        var meeting = Assert.Throws<ValidationFailedException>(() => Omt().RecordMeeting(Guid.NewGuid(), Today.AddDays(1), "", null, "omt-secretary", Now));
        Assert.Equal(["met_on", "topic"], meeting.Violations.Select(v => v.Field).Order());
        Assert.Empty(standby.Inbox);
    }

    [Fact]
    public void An_ended_standby_takes_no_notices()
    {
        var standby = Active();
        var signal = Guid.NewGuid();
        standby.AddCandidate(new Candidate("c1", "Candidate 1", ["economics"], null, Availability.Available, null));
        standby.AddCandidate(new Candidate("c2", "Candidate 2", ["economics"], null, Availability.Available, null));
        standby.RaiseSignal(signal, SignalRoute.OwnInitiative, "scp-cpo", "Reason", Now);
        standby.AnswerSignal(signal, SignalAnswer.Yes, null, "sg-szw", Now);
        standby.Activate(signal, new DecreeTemplate("Decree"), new ActivationPlan(Guid.NewGuid(), Today, "c1", ["c2"],
            Seats.AllExpertInstitutions.Select(i => new ExpertSeat(i, $"{i}-holder", $"{i} director")).ToList()), Now);

        Assert.Throws<RuleViolationException>(() => standby.NoticeOwnInitiative(Guid.NewGuid(), "Reason", "scp-cpo", Now));
    }

    [Fact]
    public void An_answer_past_14_days_is_flagged_once_with_a_notice_and_an_event()
    {
        var standby = Active();
        var signal = Guid.NewGuid();
        standby.RaiseSignal(signal, SignalRoute.OwnInitiative, "scp-cpo", "Reason", Now);
        standby.ClearEvents();
        Assert.Empty(standby.FlagOverdueAnswers(Now.AddDays(14)));

        var late = Now.AddDays(14).AddMinutes(1);
        var flagged = standby.FlagOverdueAnswers(late);

        Assert.Equal(signal, Assert.Single(flagged).Id);
        var notice = Assert.Single(standby.Inbox);
        Assert.Equal((NoticeKind.SignalOverdue, signal, Now.AddDays(14)), (notice.Kind, notice.SignalId!.Value, notice.AnswerDue!.Value));
        Assert.Null(notice.Route);
        var e = Assert.IsType<ActivationSignalOverdue>(Assert.Single(standby.Events));
        Assert.Equal((signal, late), (e.SignalId, e.FlaggedAt));
        Assert.Empty(standby.FlagOverdueAnswers(late.AddDays(1)));
        Assert.Single(standby.Inbox);
    }
}
