using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.V1;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The standby MIT through the gateway: the CPO's card index and coverage, signals by each route, the SG SZW's answer,
/// and the activation that sets up a new MIT after the demo MIT's term. There is one standby per platform and the
/// fixture is shared: every test begins it with the shared key (a replay once begun), and the activation, which ends
/// it, runs last.
/// </summary>
[Collection(PlatformCollection.Name)]
[TestCaseOrderer("Mit.Platform.ServiceTests.ActivationLast", "Mit.Platform.ServiceTests")]
public sealed class StandbyServiceTests(PlatformFixture platform)
{
    private readonly V1.Standby.StandbyClient _cpo = platform.Standby(Persona.Cpo);
    private readonly V1.Standby.StandbyClient _sg = platform.Standby(Persona.SgSzw);

    private Task<StandbyState> State() => _cpo.GetStandbyAsync(new GetStandbyRequest()).ResponseAsync;

    /// <summary>Yesterday as the service counts days: a trigger date that is never after the signal.</summary>
    private async Task<string> Yesterday() => Composition.Plus((await platform.CompositionOf(Committee.Mit)).AsOf, -1);

    private async Task<Candidate> Card(Availability availability, params string[] expertise)
    {
        var card = new Candidate { Subject = Composition.Fresh("candidate"), Name = "Candidate " + string.Join(" and ", expertise), Availability = availability };
        card.Expertise.AddRange(expertise);
        await _cpo.PutCandidateAsync(new PutCandidateRequest { IdempotencyKey = Requests.Key(), Candidate = card });
        return card;
    }

    private async Task<ActivationSignal> Raised() => await _cpo.RaiseSignalAsync(Composition.Signal(SignalRoute.OwnInitiative));

    private Task<ActivationSignal> Answer(ActivationSignal signal, SignalAnswer answer, string reasons = "") =>
        _sg.AnswerSignalAsync(new AnswerSignalRequest { IdempotencyKey = Requests.Key(), SignalId = signal.SignalId, Answer = answer, Reasons = reasons }).ResponseAsync;

    /// <summary>A chair and two members from the card index, and a fresh subject in each of the five expert seats.</summary>
    private async Task<ActivateRequest> Plan(ActivationSignal signal, string termStart = "")
    {
        var plan = new ActivateRequest
        {
            IdempotencyKey = Requests.Key(),
            SignalId = signal.SignalId,
            DecreeReference = "Establishment decree MIT (activated from standby)",
            TermStart = termStart,
            ChairSubject = (await Card(Availability.Available, "sociology")).Subject,
        };
        plan.MemberSubjects.Add((await Card(Availability.Available, "mental health")).Subject);
        plan.MemberSubjects.Add((await Card(Availability.Limited, "law and human rights")).Subject);
        plan.ExpertSeats.AddRange(new[] { ExpertInstitution.Cpb, ExpertInstitution.Pbl, ExpertInstitution.Scp, ExpertInstitution.Ser, ExpertInstitution.RivmBehaviouralUnit }
            .Select(i => new ExpertSeatPlan { Institution = i, Subject = Composition.Fresh("expert"), Name = $"{i} expert" }));
        return plan;
    }

    [Fact]
    public async Task Beginning_a_second_standby_while_one_is_active_is_AlreadyExists_and_changes_nothing()
    {
        var standby = await platform.StandbyNow();
        Assert.True(standby.Active);
        Assert.Equal(Composition.Subject(Persona.Cpo), standby.CoordinatedBy);

        await Composition.RefusedWithoutChange(State, () => _cpo.BeginStandbyAsync(new BeginStandbyRequest { IdempotencyKey = Requests.Key() }).ResponseAsync,
            StatusCode.AlreadyExists);
    }

    [Fact]
    public async Task The_coverage_report_shows_who_brings_each_required_expertise_and_the_gaps_no_available_candidate_fills()
    {
        await platform.StandbyNow();
        var economist = await Card(Availability.Available, "Economics", "public health");
        var teacher = await Card(Availability.Unavailable, "education");

        var report = await _cpo.GetCoverageAsync(new GetCoverageRequest());

        var economics = report.Areas.Single(a => a.Expertise == "economics");
        Assert.True(economics.Covered);
        Assert.Contains(economist.Subject, economics.Candidates);
        Assert.Contains(economist.Subject, report.Areas.Single(a => a.Expertise == "public health").Candidates);
        Assert.DoesNotContain(teacher.Subject, report.Areas.Single(a => a.Expertise == "education").Candidates);
        Assert.Contains("education", report.Gaps);
        Assert.Contains("youth", report.Gaps);
        Assert.DoesNotContain("economics", report.Gaps);
        Assert.False(report.Complete);
        Assert.Equal(["economics", "public health"], (await State()).Candidates.Single(c => c.Subject == economist.Subject).Expertise);
    }

    private async Task<long> InboxEnd() =>
        (await _cpo.GetStandbyInboxAsync(new GetStandbyInboxRequest { PageSize = 1000 })).Notices.Select(n => n.Position).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task An_OMT_meeting_reaches_the_CPO_watching_the_standby_inbox_at_once_with_the_signal_prefilled()
    {
        await platform.StandbyNow();
        var request = await platform.ReleasedOnBothDesks();
        var metOn = await Yesterday();
        var from = await InboxEnd();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = _cpo.WatchStandbyInbox(new WatchStandbyInboxRequest { FromPosition = from }, cancellationToken: timeout.Token);

        var meeting = await platform.Standby(Persona.OmtSecretary).RecordOmtMeetingAsync(new RecordOmtMeetingRequest
        { IdempotencyKey = Requests.Key(), MetOn = metOn, Topic = "Rising admissions of disease X", RequestId = request.Id });

        Assert.True(meeting.StandbyNotified);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var notice = watch.ResponseStream.Current;
        Assert.Equal((StandbyNoticeKind.OmtConvened, from + 1, meeting.MeetingId), (notice.Kind, notice.Position, notice.NoticeId));
        Assert.Equal((metOn, "Rising admissions of disease X", request.Id), (notice.OccurredOn, notice.Topic, notice.RequestId));
        Assert.Equal((SignalRoute.OmtConvened, metOn), (notice.PrefilledSignal.Route, notice.PrefilledSignal.TriggeredOn));

        // The prefilled signal is sent as it is (with a key of the CPO's own).
        var prefilled = notice.PrefilledSignal.Clone();
        prefilled.IdempotencyKey = Requests.Key();
        var signal = await _cpo.RaiseSignalAsync(prefilled);
        Assert.Equal((SignalRoute.OmtConvened, metOn), (signal.Route, signal.TriggeredOn));
    }

    [Fact]
    public async Task An_A1_classification_by_VWS_and_the_CPOs_own_initiative_reach_the_standby_inbox_and_bad_input_adds_nothing()
    {
        await platform.StandbyNow();
        var from = await InboxEnd();
        var yesterday = await Yesterday();

        await Composition.Refused(() => platform.Standby(Persona.VwsRequester).RecordA1ClassificationAsync(new RecordA1ClassificationRequest
        { IdempotencyKey = Requests.Key(), Disease = " ", ClassifiedOn = yesterday }).ResponseAsync, StatusCode.InvalidArgument, "disease");
        await Composition.Refused(() => platform.Standby(Persona.OmtSecretary).RecordOmtMeetingAsync(new RecordOmtMeetingRequest
        { IdempotencyKey = Requests.Key(), MetOn = "not a date", Topic = "t" }).ResponseAsync, StatusCode.InvalidArgument, "met_on");
        Assert.Equal(from, await InboxEnd());

        var a1 = await platform.Standby(Persona.VwsRequester).RecordA1ClassificationAsync(new RecordA1ClassificationRequest
        { IdempotencyKey = Requests.Key(), Disease = "Fictional respiratory disease X", ClassifiedOn = yesterday });
        var own = await _cpo.NoteOwnInitiativeAsync(new NoteOwnInitiativeRequest { IdempotencyKey = Requests.Key(), Reason = "Measures abroad will reach schools here." });

        var inbox = await _cpo.GetStandbyInboxAsync(new GetStandbyInboxRequest { FromPosition = from });
        Assert.Equal([a1, own], inbox.Notices);
        Assert.Equal((SignalRoute.A1Status, "Fictional respiratory disease X", yesterday), (a1.PrefilledSignal.Route, a1.PrefilledSignal.Disease, a1.PrefilledSignal.TriggeredOn));
        Assert.Equal((SignalRoute.OwnInitiative, "Measures abroad will reach schools here.", ""), (own.PrefilledSignal.Route, own.PrefilledSignal.Rationale, own.PrefilledSignal.TriggeredOn));
    }

    /// <summary>A clock standing at one instant, for the overdue sweep.</summary>
    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task An_answer_past_its_14_days_is_flagged_in_the_state_and_the_inbox_once_and_raises_an_event()
    {
        await platform.StandbyNow();
        var signal = await Raised();
        var from = await InboxEnd();
        var overdue = new TaskCompletionSource<Mit.Platform.Contracts.StandbySignalAnswerOverdue>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = platform.Host.Services.GetRequiredService<MassTransit.IBus>();
        var endpoint = bus.ConnectReceiveEndpoint("test-standby-overdue-" + Guid.NewGuid().ToString("n"), e => e.Handler<Mit.Platform.Contracts.StandbySignalAnswerOverdue>(context =>
        {
            if (context.Message.SignalId.ToString() == signal.SignalId)
            {
                overdue.TrySetResult(context.Message);
            }
            return Task.CompletedTask;
        }));
        await endpoint.Ready;
        try
        {
            var pastDue = signal.AnswerDue.ToDateTimeOffset().AddMinutes(1);
            var sweep = new Committees.Data.StandbyOverdueSweep(platform.Host.Services, new StoppedClock(pastDue),
                platform.Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(),
                platform.Host.Services.GetRequiredService<BuildingBlocks.Live.LiveSignals>());

            Assert.True(await sweep.FlagOverdueAsync(CancellationToken.None) >= 1);
            Assert.Equal(0, await sweep.FlagOverdueAsync(CancellationToken.None));

            Assert.True((await State()).Signals.Single(s => s.SignalId == signal.SignalId).Overdue);
            var notice = Assert.Single((await _cpo.GetStandbyInboxAsync(new GetStandbyInboxRequest { FromPosition = from })).Notices, n => n.SignalId == signal.SignalId);
            Assert.Equal((StandbyNoticeKind.SignalOverdue, signal.AnswerDue), (notice.Kind, notice.AnswerDue));
            Assert.Null(notice.PrefilledSignal);
            var raised = await overdue.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(signal.AnswerDue.ToDateTimeOffset(), raised.AnswerDue);
        }
        finally
        {
            await endpoint.StopAsync();
        }
    }

    [Theory]
    [InlineData(SignalRoute.A1Status)]
    [InlineData(SignalRoute.OmtConvened)]
    [InlineData(SignalRoute.OwnInitiative)]
    public async Task A_signal_raised_by_each_route_awaits_the_answer_of_the_SG_within_14_days(SignalRoute route)
    {
        await platform.StandbyNow();
        var request = Composition.Signal(route, await Yesterday());

        var signal = await _cpo.RaiseSignalAsync(request);

        Assert.Equal(route, signal.Route);
        Assert.Equal(request.Disease, signal.Disease);
        Assert.Equal(request.TriggeredOn, signal.TriggeredOn);
        Assert.Equal(Composition.Subject(Persona.Cpo), signal.RaisedBy);
        Assert.Equal(signal.RaisedAt.ToDateTimeOffset().AddDays(14), signal.AnswerDue.ToDateTimeOffset());
        Assert.Equal(SignalAnswer.Unspecified, signal.Answer);
        Assert.False(signal.Overdue);
        Assert.Equal(signal, (await State()).Signals.Single(s => s.SignalId == signal.SignalId));
    }

    [Fact]
    public async Task An_A1_signal_without_the_disease_is_InvalidArgument_on_disease_and_changes_nothing()
    {
        await platform.StandbyNow();
        var request = Composition.Signal(SignalRoute.A1Status, await Yesterday());
        request.Disease = "";

        await Composition.RefusedWithoutChange(State, () => _cpo.RaiseSignalAsync(request).ResponseAsync, StatusCode.InvalidArgument, "disease");
    }

    [Fact]
    public async Task A_no_without_reasons_is_InvalidArgument_and_changes_nothing_and_a_yes_is_recorded()
    {
        await platform.StandbyNow();
        var signal = await Raised();

        await Composition.RefusedWithoutChange(State, () => Answer(signal, SignalAnswer.No), StatusCode.InvalidArgument, "reasons");
        var yes = await Answer(signal, SignalAnswer.Yes);

        Assert.Equal(SignalAnswer.Yes, yes.Answer);
        Assert.Equal(Composition.Subject(Persona.SgSzw), yes.AnsweredBy);
        Assert.NotNull(yes.AnsweredAt);
        Assert.False(yes.AnsweredLate);
        Assert.Equal(yes, (await State()).Signals.Single(s => s.SignalId == signal.SignalId));
    }

    [Fact]
    public async Task Activation_before_a_yes_or_after_a_no_is_FailedPrecondition_and_the_standby_stays()
    {
        await platform.StandbyNow();
        var unanswered = await Raised();
        var plan = await Plan(unanswered);

        await Composition.RefusedWithoutChange(State, () => _cpo.ActivateAsync(plan).ResponseAsync, StatusCode.FailedPrecondition);

        var refused = await Raised();
        await Answer(refused, SignalAnswer.No, "The existing advisory structure suffices for now.");
        var afterNo = await Plan(refused);
        await Composition.RefusedWithoutChange(State, () => _cpo.ActivateAsync(afterNo).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.True((await State()).Active);
    }

    [Fact]
    [EndsTheStandby]
    public async Task Activation_after_a_yes_sets_up_a_valid_MIT_from_the_card_index_after_the_current_term_and_ends_the_standby()
    {
        await platform.StandbyNow();
        var signal = await Raised();
        await Answer(signal, SignalAnswer.Yes);
        var current = await platform.CompositionOf(Committee.Mit);
        var start = Composition.Plus(current.Committee.TermEnd, 1);
        var plan = await Plan(signal, start);

        var committee = await _cpo.ActivateAsync(plan);

        Assert.Equal(Committee.Mit, committee.Committee);
        Assert.Equal(start, committee.TermStart);
        Assert.Equal(Composition.Date(Composition.Date(start).AddYears(2).AddDays(-1)), committee.TermEnd);
        var composition = await platform.CompositionOf(Committee.Mit, start);
        Assert.Equal(committee, composition.Committee);
        var seats = composition.Seats;
        Assert.Equal(new Seat { AppointmentId = seats[0].AppointmentId, Committee = Committee.Mit, Subject = plan.ChairSubject, Name = "Candidate sociology",
            Kind = SeatKind.Chair, HasVote = true, From = start, Until = committee.TermEnd }, seats[0]);
        Assert.Single(seats, s => s.Kind == SeatKind.Chair);
        Assert.Equal(plan.MemberSubjects.Order(), seats.Where(s => s.Kind == SeatKind.Member).Select(s => s.Subject).Order());
        Assert.All(seats.Where(s => s.Kind is SeatKind.Chair or SeatKind.Member), s => Assert.True(s.HasVote));
        var experts = seats.Where(s => s.Kind == SeatKind.ExpertMember).ToList();
        Assert.Equal(plan.ExpertSeats.Select(e => (e.Institution, e.Subject)).Order(), experts.Select(e => (e.Institution, e.Subject)).Order());
        Assert.All(experts, e => Assert.False(e.HasVote));
        Assert.Equal(8, seats.Count);

        var standby = await State();
        Assert.False(standby.Active);
        Assert.Equal(committee.CommitteeId, standby.ActivatedCommitteeId);
        // Today the MIT in office is still the one whose term the new one follows.
        Assert.Equal(current, await platform.CompositionOf(Committee.Mit));
    }
}

/// <summary>Marks the test that activates, and so ends, the platform's one standby.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EndsTheStandbyAttribute : Attribute;

/// <summary>Runs a class's tests by name, the one that ends the standby last.</summary>
public sealed class ActivationLast : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases
            .OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(EndsTheStandbyAttribute).AssemblyQualifiedName).Any())
            .ThenBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
