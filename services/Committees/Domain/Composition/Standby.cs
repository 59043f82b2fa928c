using System.Text.Json.Serialization;
using Mit.Platform.BuildingBlocks.Domain;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.Committees.Domain.Composition;

public enum Availability
{
    Available,
    Limited,
    Unavailable,
}

/// <summary>A card in the CPO's card index: someone who could be appointed when the MIT is set up again.</summary>
/// <param name="Subject">The identity subject the person will hold a seat under.</param>
/// <param name="Expertise">Tags such as "economics" or "public health"; compared without case.</param>
public sealed record Candidate(string Subject, string Name, IReadOnlyList<string> Expertise, string? Institution, Availability Availability, string? DeclaredInterests);

public sealed record ExpertiseCoverage(string Expertise, IReadOnlyList<string> Candidates)
{
    public bool Covered => Candidates.Count > 0;
}

/// <summary>Per required expertise, the candidates who are not unavailable; an area without any is a gap.</summary>
public sealed record CoverageReport(IReadOnlyList<ExpertiseCoverage> Areas)
{
    public IReadOnlyList<string> Gaps => Areas.Where(a => !a.Covered).Select(a => a.Expertise).ToList();

    public bool Complete => Areas.All(a => a.Covered);
}

public enum SignalRoute
{
    /// <summary>An infectious disease received A1 status under the Public Health Act.</summary>
    A1Status,

    /// <summary>The OMT convened.</summary>
    OmtConvened,

    /// <summary>The standby MIT signals on its own initiative.</summary>
    OwnInitiative,
}

public enum SignalAnswer
{
    Yes,
    No,
}

/// <summary>A signal to the SG SZW that a committee MIT is needed; the SG answers within 14 days ("yes, unless").</summary>
public sealed class ActivationSignal
{
    [JsonInclude] public Guid Id { get; private set; }
    [JsonInclude] public SignalRoute Route { get; private set; }
    [JsonInclude] public string? Disease { get; private set; }

    /// <summary>A1 status: the date the disease got it. OMT convened: the date it met.</summary>
    [JsonInclude] public DateOnly? TriggeredOn { get; private set; }
    [JsonInclude] public string Rationale { get; private set; } = "";
    [JsonInclude] public string RaisedBy { get; private set; } = "";
    [JsonInclude] public DateTimeOffset RaisedAt { get; private set; }
    [JsonInclude] public SignalAnswer? Answer { get; private set; }
    [JsonInclude] public string? Reasons { get; private set; }
    [JsonInclude] public string? AnsweredBy { get; private set; }
    [JsonInclude] public DateTimeOffset? AnsweredAt { get; private set; }

    public DateTimeOffset AnswerDue => RaisedAt + CompositionLimits.AnswerWindow;

    public bool IsOverdue(DateTimeOffset now) => Answer is null && now > AnswerDue;

    public bool AnsweredLate => AnsweredAt is { } at && at > AnswerDue;

    internal static ActivationSignal Create(Guid id, SignalRoute route, string? disease, DateOnly? triggeredOn, string rationale, string raisedBy, DateTimeOffset at) => new()
    {
        Id = id,
        Route = route,
        Disease = disease,
        TriggeredOn = triggeredOn,
        Rationale = rationale,
        RaisedBy = raisedBy,
        RaisedAt = at,
    };

    internal void Record(SignalAnswer answer, string? reasons, string by, DateTimeOffset at)
    {
        Answer = answer;
        Reasons = reasons;
        AnsweredBy = by;
        AnsweredAt = at;
    }
}

public enum NoticeKind
{
    /// <summary>The OMT convened (recorded by its secretary).</summary>
    OmtConvened,

    /// <summary>VWS recorded that an infectious disease received A1 status.</summary>
    A1Status,

    /// <summary>The CPO noted a reason to signal on the standby MIT's own initiative.</summary>
    OwnInitiative,

    /// <summary>The SG SZW's answer to a signal is past its 14 days.</summary>
    SignalOverdue,
}

/// <summary>
/// One notice in the CPO's standby inbox: a trigger of one of the three signal routes, with a signal on that route
/// prefilled, or an overdue answer of the SG SZW. Positions are dense and increasing, so a watcher resumes exactly.
/// </summary>
public sealed record StandbyNotice(
    long Position,
    NoticeKind Kind,
    Guid Id,
    DateOnly? OccurredOn,
    string Topic,
    string? Disease,
    Guid? RequestId,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    Guid? SignalId = null,
    DateTimeOffset? AnswerDue = null)
{
    /// <summary>The signal route this notice is a trigger of; none for an overdue answer.</summary>
    public SignalRoute? Route => Kind switch
    {
        NoticeKind.OmtConvened => SignalRoute.OmtConvened,
        NoticeKind.A1Status => SignalRoute.A1Status,
        NoticeKind.OwnInitiative => SignalRoute.OwnInitiative,
        _ => null,
    };

    /// <summary>A rationale to start the prefilled signal from; the CPO edits it before raising the signal.</summary>
    public string PrefilledRationale => Kind switch
    {
        NoticeKind.OmtConvened => $"The OMT convened on {CommitteeDates.Format(OccurredOn!.Value)} on \"{Topic}\"; the societal impact of the measures at issue needs weighing.",
        NoticeKind.A1Status => $"{Disease} received A1 status on {CommitteeDates.Format(OccurredOn!.Value)}; the societal impact of the expected measures needs weighing.",
        NoticeKind.OwnInitiative => Topic,
        _ => "",
    };
}

/// <summary>What a new committee MIT is set up from: the decree template of the runbook.</summary>
public sealed record DecreeTemplate(string Reference, int TermYears = CompositionLimits.DefaultTermYears, QuorumRule? Quorum = null);

public sealed record ExpertSeat(ExpertInstitution Institution, string Subject, string Name, bool AgendaMember = false);

/// <summary>Who is seated on activation: a chair and members from the card index, and the five expert seats.</summary>
public sealed record ActivationPlan(Guid CommitteeId, DateOnly TermStart, string ChairSubject, IReadOnlyList<string> MemberSubjects, IReadOnlyList<ExpertSeat> ExpertSeats);

/// <summary>
/// The MIT in waakstand, coordinated by the CPO: no committee, but a card index of candidates, and the activation
/// signals to the SG SZW. A "yes" lets the CPO set up a new committee MIT, which ends the standby.
/// </summary>
public sealed class Standby
{
    [JsonInclude] public Guid Id { get; private set; }
    [JsonInclude] public string CoordinatedBy { get; private set; } = "";
    [JsonInclude] public DateOnly Since { get; private set; }
    [JsonInclude] public List<Candidate> Candidates { get; private set; } = [];
    [JsonInclude] public List<ActivationSignal> Signals { get; private set; } = [];
    [JsonInclude] public Guid? ActivatedCommitteeId { get; private set; }
    [JsonInclude] public DateTimeOffset? EndedAt { get; private set; }
    [JsonInclude] public List<StandbyNotice> Inbox { get; private set; } = [];
    /// <summary>Signals whose overdue answer was flagged (once each).</summary>
    [JsonInclude] public List<Guid> OverdueFlagged { get; private set; } = [];

    private readonly List<object> _events = [];

    [JsonIgnore] public IReadOnlyList<object> Events => _events;

    public bool Active => EndedAt is null;

    public static Standby Begin(Guid id, string coordinatedBy, DateOnly since)
    {
        var cpo = (coordinatedBy ?? "").Trim();
        new Validator().Require(cpo.Length is > 0 and <= CompositionLimits.MaxSubjectLength, "coordinated_by", "the CPO is required").ThrowIfInvalid();
        return new Standby { Id = id, CoordinatedBy = cpo, Since = since };
    }

    public void AddCandidate(Candidate candidate)
    {
        var c = Valid(candidate);
        if (Candidates.Any(x => x.Subject == c.Subject))
        {
            throw new AlreadyExistsException($"{c.Subject} is in the card index already.");
        }
        Candidates.Add(c);
    }

    public void UpdateCandidate(Candidate candidate)
    {
        var c = Valid(candidate);
        var index = Candidates.FindIndex(x => x.Subject == c.Subject);
        if (index < 0)
        {
            throw new NotFoundException($"{c.Subject} is not in the card index.");
        }
        Candidates[index] = c;
    }

    public void RemoveCandidate(string subject)
    {
        if (Candidates.RemoveAll(x => x.Subject == (subject ?? "").Trim()) == 0)
        {
            throw new NotFoundException($"{subject} is not in the card index.");
        }
    }

    /// <summary>For each required expertise, who in the card index could bring it; unavailable candidates do not count.</summary>
    public CoverageReport Coverage(IEnumerable<string> requiredExpertise)
    {
        var required = (requiredExpertise ?? []).Select(Tag).Where(t => t.Length > 0).Distinct().ToList();
        new Validator().Require(required.Count > 0, "required_expertise", "name at least one expertise").ThrowIfInvalid();
        return new CoverageReport(required
            .Select(tag => new ExpertiseCoverage(tag, Candidates
                .Where(c => c.Availability != Availability.Unavailable && c.Expertise.Contains(tag))
                .Select(c => c.Subject).ToList()))
            .ToList());
    }

    public ActivationSignal RaiseSignal(Guid signalId, SignalRoute route, string raisedBy, string rationale, DateTimeOffset at,
        string? disease = null, DateOnly? triggeredOn = null)
    {
        var by = (raisedBy ?? "").Trim();
        var text = (rationale ?? "").Trim();
        var illness = string.IsNullOrWhiteSpace(disease) ? null : disease.Trim();
        new Validator()
            .Require(Enum.IsDefined(route), "route", "must be A1Status, OmtConvened or OwnInitiative")
            .Require(by.Length is > 0 and <= CompositionLimits.MaxSubjectLength, "raised_by", "is required")
            .Require(text.Length is > 0 and <= CompositionLimits.MaxTextLength, "rationale", $"is required, at most {CompositionLimits.MaxTextLength} characters")
            .Require(route != SignalRoute.A1Status || illness is not null, "disease", "the disease that received A1 status is required")
            .Require((illness ?? "").Length <= CompositionLimits.MaxNameLength, "disease", $"must be at most {CompositionLimits.MaxNameLength} characters")
            .Require(route != SignalRoute.A1Status || triggeredOn is not null, "triggered_on", "the date the disease received A1 status is required")
            .Require(route != SignalRoute.OmtConvened || triggeredOn is not null, "triggered_on", "the date the OMT convened is required")
            .Require(triggeredOn is null || triggeredOn <= CommitteeClock.Today(at), "triggered_on", "cannot be after the signal")
            .ThrowIfInvalid();
        EnsureActive();
        if (Signals.Any(s => s.Id == signalId))
        {
            throw new AlreadyExistsException($"Signal {signalId} exists already.");
        }
        var signal = ActivationSignal.Create(signalId, route, illness, triggeredOn, text, by, at);
        Signals.Add(signal);
        _events.Add(new ActivationSignalRaised(Id, signalId, route.ToString(), illness, triggeredOn, text, at, signal.AnswerDue));
        return signal;
    }

    /// <summary>The SG SZW answers: yes, or no with reasons ("yes, unless"). A late answer is accepted and marked late.</summary>
    public void AnswerSignal(Guid signalId, SignalAnswer answer, string? reasons, string answeredBy, DateTimeOffset at)
    {
        var signal = Signal(signalId);
        var text = string.IsNullOrWhiteSpace(reasons) ? null : reasons.Trim();
        var by = (answeredBy ?? "").Trim();
        new Validator()
            .Require(Enum.IsDefined(answer), "answer", "must be Yes or No")
            .Require(answer != SignalAnswer.No || text is not null, "reasons", "a no must be reasoned: the rule is \"yes, unless\"")
            .Require((text ?? "").Length <= CompositionLimits.MaxTextLength, "reasons", $"must be at most {CompositionLimits.MaxTextLength} characters")
            .Require(by.Length is > 0 and <= CompositionLimits.MaxSubjectLength, "answered_by", "is required")
            .Require(at >= signal.RaisedAt, "answered_at", "cannot be before the signal was raised")
            .ThrowIfInvalid();
        if (signal.Answer is not null)
        {
            throw new RuleViolationException($"The SG SZW already answered this signal ({signal.Answer}) on {signal.AnsweredAt:u}.");
        }
        signal.Record(answer, text, by, at);
        _events.Add(new ActivationSignalAnswered(Id, signalId, answer.ToString(), text, by, at, signal.AnsweredLate));
    }

    public IReadOnlyList<ActivationSignal> OverdueSignals(DateTimeOffset now) => Signals.Where(s => s.IsOverdue(now)).ToList();

    /// <summary>The OMT convened: the CPO is informed and weighs whether to signal (route "OMT convened").</summary>
    public StandbyNotice NoticeOmtMeeting(Meeting meeting) =>
        Notice(NoticeKind.OmtConvened, meeting.Id, meeting.MetOn, meeting.Topic, null, meeting.RequestId, meeting.RecordedBy, meeting.RecordedAt);

    /// <summary>VWS recorded an A1 classification: the standby MIT weighs whether to signal (route "A1 status").</summary>
    public StandbyNotice NoticeA1Classification(Guid id, string disease, DateOnly classifiedOn, string recordedBy, DateTimeOffset at)
    {
        var illness = (disease ?? "").Trim();
        new Validator()
            .Require(illness.Length is > 0 and <= CompositionLimits.MaxNameLength, "disease", $"is required, at most {CompositionLimits.MaxNameLength} characters")
            .Require(classifiedOn <= CommitteeClock.Today(at), "classified_on", "cannot be in the future")
            .ThrowIfInvalid();
        return Notice(NoticeKind.A1Status, id, classifiedOn, $"A1 status: {illness}", illness, null, recordedBy, at);
    }

    /// <summary>The CPO notes a reason to signal on the standby MIT's own initiative.</summary>
    public StandbyNotice NoticeOwnInitiative(Guid id, string reason, string recordedBy, DateTimeOffset at)
    {
        var text = (reason ?? "").Trim();
        new Validator().Require(text.Length is > 0 and <= CompositionLimits.MaxTextLength, "reason", $"is required, at most {CompositionLimits.MaxTextLength} characters").ThrowIfInvalid();
        return Notice(NoticeKind.OwnInitiative, id, CommitteeClock.Today(at), text, null, null, recordedBy, at);
    }

    /// <summary>
    /// Flags every unanswered signal past its 14 days, once: a notice in the inbox and an ActivationSignalOverdue
    /// event. Returns the signals flagged now.
    /// </summary>
    public IReadOnlyList<ActivationSignal> FlagOverdueAnswers(DateTimeOffset now)
    {
        var overdue = Signals.Where(s => s.IsOverdue(now) && !OverdueFlagged.Contains(s.Id)).ToList();
        foreach (var signal in overdue)
        {
            OverdueFlagged.Add(signal.Id);
            Inbox.Add(new StandbyNotice(NextPosition, NoticeKind.SignalOverdue, Guid.NewGuid(), CommitteeClock.Today(now),
                $"The SG SZW has not answered the {signal.Route} signal of {signal.RaisedAt:u}; the answer was due {signal.AnswerDue:u}.",
                signal.Disease, null, "platform", now, signal.Id, signal.AnswerDue));
            _events.Add(new ActivationSignalOverdue(Id, signal.Id, signal.AnswerDue, now));
        }
        return overdue;
    }

    /// <summary>The notices after a position, in order.</summary>
    public IReadOnlyList<StandbyNotice> NoticesAfter(long position, int count) => Inbox.Where(n => n.Position > position).OrderBy(n => n.Position).Take(count).ToList();

    private long NextPosition => Inbox.Count == 0 ? 1 : Inbox.Max(n => n.Position) + 1;

    private StandbyNotice Notice(NoticeKind kind, Guid id, DateOnly? on, string topic, string? disease, Guid? requestId, string recordedBy, DateTimeOffset at)
    {
        EnsureActive();
        if (Inbox.Any(n => n.Id == id))
        {
            throw new AlreadyExistsException($"Notice {id} is in the standby inbox already.");
        }
        var notice = new StandbyNotice(NextPosition, kind, id, on, topic, disease, requestId, (recordedBy ?? "").Trim(), at);
        Inbox.Add(notice);
        return notice;
    }

    /// <summary>
    /// After a yes: sets up a new committee MIT from the decree template (term from the plan's start, by default two
    /// years), seats the chair and members from the card index and the five expert institutions, and ends the standby.
    /// A refused plan changes nothing.
    /// </summary>
    public Committee Activate(Guid signalId, DecreeTemplate template, ActivationPlan plan, DateTimeOffset at)
    {
        EnsureActive();
        var signal = Signal(signalId);
        if (signal.Answer != SignalAnswer.Yes)
        {
            throw new RuleViolationException(signal.Answer is null
                ? "The SG SZW has not answered this signal; a committee is set up only after a yes."
                : "The SG SZW answered no to this signal; a committee is set up only after a yes.");
        }
        if (at < signal.AnsweredAt)
        {
            throw new RuleViolationException("A committee cannot be set up before the SG SZW's yes.");
        }

        var chair = (plan.ChairSubject ?? "").Trim();
        var members = (plan.MemberSubjects ?? []).Select(m => (m ?? "").Trim()).ToList();
        var experts = plan.ExpertSeats ?? [];
        var v = new Validator()
            .Require(template.TermYears is > 0 and <= 10, "term_years", "must be from 1 to 10 years")
            .Require(Seatable(chair), "chair_subject", "must be a candidate in the card index who is not unavailable")
            .Require(members.Count > 0, "member_subjects", "name at least one member")
            .Require(!members.Contains(chair), "member_subjects", "the chair holds the chair's seat, not a member's");
        for (var i = 0; i < members.Count; i++)
        {
            v.Require(Seatable(members[i]), $"member_subjects[{i}]", "must be a candidate in the card index who is not unavailable")
             .Require(members.IndexOf(members[i]) == i, $"member_subjects[{i}]", "is named twice");
        }
        foreach (var institution in Seats.AllExpertInstitutions)
        {
            v.Require(experts.Count(e => e.Institution == institution) == 1, "expert_seats", $"the {institution} expert seat must be filled exactly once");
        }
        v.Require(experts.All(e => Enum.IsDefined(e.Institution)), "expert_seats", "holds an institution that has no expert seat");
        v.ThrowIfInvalid();

        // Built completely before the standby changes, so a refusal in any appointment leaves everything as it was.
        var start = plan.TermStart;
        var committee = Committee.Establish(plan.CommitteeId, CommitteeKind.MIT, template.Reference, start,
            start.AddYears(template.TermYears).AddDays(-1), at, template.Quorum);
        committee.Appoint(Guid.NewGuid(), new NewAppointment(chair, CandidateName(chair), SeatKind.Chair, start));
        foreach (var member in members)
        {
            committee.Appoint(Guid.NewGuid(), new NewAppointment(member, CandidateName(member), SeatKind.Member, start));
        }
        foreach (var expert in experts.OrderBy(e => e.Institution))
        {
            committee.Appoint(Guid.NewGuid(), new NewAppointment(expert.Subject, expert.Name, SeatKind.ExpertMember, start)
            {
                Institution = expert.Institution,
                AgendaMember = expert.AgendaMember,
            });
        }

        ActivatedCommitteeId = committee.Id;
        EndedAt = at;
        _events.Add(new StandbyEnded(Id, signalId, committee.Id, at));
        return committee;
    }

    public void ClearEvents() => _events.Clear();

    private ActivationSignal Signal(Guid signalId) =>
        Signals.SingleOrDefault(s => s.Id == signalId) ?? throw new NotFoundException($"No activation signal {signalId}.");

    private bool Seatable(string subject) => Candidates.Any(c => c.Subject == subject && c.Availability != Availability.Unavailable);

    private string CandidateName(string subject) => Candidates.Single(c => c.Subject == subject).Name;

    private void EnsureActive()
    {
        if (EndedAt is not null)
        {
            throw new RuleViolationException($"The standby ended on {EndedAt:u}: committee {ActivatedCommitteeId} was set up.");
        }
    }

    private static string Tag(string? tag) => (tag ?? "").Trim().ToLowerInvariant();

    private static Candidate Valid(Candidate candidate)
    {
        var subject = (candidate.Subject ?? "").Trim();
        var name = (candidate.Name ?? "").Trim();
        var tags = (candidate.Expertise ?? []).Select(Tag).ToList();
        var institution = string.IsNullOrWhiteSpace(candidate.Institution) ? null : candidate.Institution.Trim();
        var interests = string.IsNullOrWhiteSpace(candidate.DeclaredInterests) ? null : candidate.DeclaredInterests.Trim();
        var v = new Validator()
            .Require(subject.Length is > 0 and <= CompositionLimits.MaxSubjectLength, "subject", $"is required, at most {CompositionLimits.MaxSubjectLength} characters")
            .Require(name.Length is > 0 and <= CompositionLimits.MaxNameLength, "name", $"is required, at most {CompositionLimits.MaxNameLength} characters")
            .Require(tags.Count > 0, "expertise", "name at least one expertise")
            .Require((institution ?? "").Length <= CompositionLimits.MaxNameLength, "institution", $"must be at most {CompositionLimits.MaxNameLength} characters")
            .Require(Enum.IsDefined(candidate.Availability), "availability", "must be Available, Limited or Unavailable")
            .Require((interests ?? "").Length <= CompositionLimits.MaxTextLength, "declared_interests", $"must be at most {CompositionLimits.MaxTextLength} characters");
        for (var i = 0; i < tags.Count; i++)
        {
            v.Require(tags[i].Length is > 0 and <= CompositionLimits.MaxTagLength, $"expertise[{i}]", $"is required, at most {CompositionLimits.MaxTagLength} characters");
        }
        v.ThrowIfInvalid();
        return candidate with { Subject = subject, Name = name, Expertise = tags.Distinct().ToList(), Institution = institution, DeclaredInterests = interests };
    }
}
