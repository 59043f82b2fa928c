using System.Text.Json.Serialization;
using Mit.Platform.BuildingBlocks.Domain;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.Committees.Domain.Composition;

/// <summary>
/// One MIT or OMT under one establishment decree: its dated appointments, declared interests and conflicts, the
/// substitutes acting per request, and the advice it adopted with the composition of that moment.
/// History is only added to: appointments are ended, never removed or rewritten.
/// All dates are calendar days, both ends included.
/// </summary>
public sealed class Committee
{
    [JsonInclude] public Guid Id { get; private set; }
    [JsonInclude] public CommitteeKind Kind { get; private set; }
    [JsonInclude] public EstablishmentDecree Decree { get; private set; } = null!;
    [JsonInclude] public QuorumRule Quorum { get; private set; } = QuorumRule.Majority;
    [JsonInclude] public List<Appointment> Appointments { get; private set; } = [];
    [JsonInclude] public List<InterestDeclaration> Interests { get; private set; } = [];
    [JsonInclude] public List<ConflictDeclaration> Conflicts { get; private set; } = [];
    [JsonInclude] public List<SubstituteAction> SubstituteActions { get; private set; } = [];
    [JsonInclude] public List<Adoption> Adoptions { get; private set; } = [];
    [JsonInclude] public List<Meeting> Meetings { get; private set; } = [];
    [JsonInclude] public List<UnsolicitedAdvice> Unsolicited { get; private set; } = [];

    private readonly List<object> _events = [];

    /// <summary>Event records raised by the last operations, for the outbox.</summary>
    [JsonIgnore] public IReadOnlyList<object> Events => _events;

    public static Committee Establish(Guid id, CommitteeKind kind, string decreeReference, DateOnly termStart, DateOnly termEnd,
        DateTimeOffset decidedAt, QuorumRule? quorum = null)
    {
        new Validator().Require(Enum.IsDefined(kind), "committee", "must be MIT or OMT").ThrowIfInvalid();
        quorum ??= QuorumRule.Majority;
        quorum.Validate();
        var decree = EstablishmentDecree.Create(decreeReference, termStart, termEnd, decidedAt);
        var committee = new Committee { Id = id, Kind = kind, Decree = decree, Quorum = quorum };
        committee._events.Add(new CommitteeEstablished(id, kind.ToString(), decree.Reference, decree.Start, decree.End, decidedAt));
        return committee;
    }

    /// <summary>The SZW minister extends the term. Open-ended appointments run on with it; dated ones keep their end.</summary>
    public void ExtendTerm(DateOnly newEnd, DateTimeOffset decidedAt)
    {
        var extension = Decree.Extend(newEnd, decidedAt);
        _events.Add(new CommitteeTermExtended(Id, Kind.ToString(), extension.PreviousEnd, extension.NewEnd, decidedAt));
    }

    public Appointment Appoint(Guid appointmentId, NewAppointment a)
    {
        var subject = (a.Subject ?? "").Trim();
        var name = (a.Name ?? "").Trim();
        var decreeTerm = $"the establishment decree's term ({CommitteeDates.Format(Decree.Start)} to {CommitteeDates.Format(Decree.End)})";
        var expertSeat = a.Seat is SeatKind.ExpertMember or SeatKind.Substitute;
        var v = new Validator()
            .Require(subject.Length is > 0 and <= CompositionLimits.MaxSubjectLength, "subject", $"is required, at most {CompositionLimits.MaxSubjectLength} characters")
            .Require(name.Length is > 0 and <= CompositionLimits.MaxNameLength, "name", $"is required, at most {CompositionLimits.MaxNameLength} characters")
            .Require(Seats.AllowedIn(Kind, a.Seat), "seat", $"{a.Seat} is not a seat of the {Kind}")
            .Require(a.From >= Decree.Start && a.From <= Decree.End, "from", $"must be within {decreeTerm}")
            .Require(a.Until is null || a.Until >= a.From, "until", "must be on or after from")
            .Require(a.Until is null || a.Until <= Decree.End, "until", $"must be within {decreeTerm}")
            .Require(!expertSeat || a.Institution is not null, "institution",
                a.Seat == SeatKind.Substitute ? "a substitute stands in for one expert seat: name its institution" : "an expert seat is tied to an institution (CPB, PBL, SCP, SER, RIVM behavioural unit)")
            .Require(expertSeat || a.Institution is null, "institution", "only expert seats are tied to an institution; the chair and members sit in a personal capacity")
            .Require(a.Institution is null || Enum.IsDefined(a.Institution.Value), "institution", "is not one of CPB, PBL, SCP, SER, RIVM behavioural unit")
            .Require(!a.AgendaMember || a.Seat == SeatKind.ExpertMember, "agenda_member", "only an expert member can be an agenda member")
            .Require(a.Seat != SeatKind.InvitedExpert || !string.IsNullOrWhiteSpace(a.Topic) || a.RequestId is not null, "topic", "an invited expert is invited for a topic or for a request")
            .Require(a.Seat == SeatKind.InvitedExpert || (a.Topic is null && a.RequestId is null), "topic", "only an invited expert is invited per topic or request")
            .Require((a.Topic ?? "").Length <= CompositionLimits.MaxNameLength, "topic", $"must be at most {CompositionLimits.MaxNameLength} characters");
        v.ThrowIfInvalid();

        if (Appointments.Any(x => x.Id == appointmentId))
        {
            throw new AlreadyExistsException($"Appointment {appointmentId} exists already.");
        }
        var until = a.Until ?? Decree.End;
        var overlapping = Appointments.Where(x => x.From <= until && a.From <= EndOf(x)).ToList();
        if (overlapping.FirstOrDefault(x => x.Subject == subject) is { } own)
        {
            throw new RuleViolationException($"{subject} already holds the {own.Seat} seat of the {Kind} from {Period(own)}; one person holds one seat in a committee at a time.");
        }
        if (Seats.IsSingleHolder(a.Seat) && overlapping.FirstOrDefault(x => x.Seat == a.Seat && x.Institution == a.Institution) is { } holder)
        {
            var seat = a.Seat == SeatKind.ExpertMember ? $"{a.Institution} expert seat" : a.Seat.ToString().ToLowerInvariant();
            throw new RuleViolationException($"The {Kind} {seat} is held by {holder.Subject} from {Period(holder)}; one holder at any date: end that appointment first.");
        }

        var appointment = Appointment.Create(appointmentId, subject, name, a, Seats.HasVote(Kind, a.Seat));
        Appointments.Add(appointment);
        _events.Add(new MembershipChanged(Id, Kind.ToString(), appointment.Id, subject, a.Seat.ToString(), "Appointed", a.From));
        return appointment;
    }

    /// <summary>Ends an appointment with <paramref name="lastDay"/> as the last day in office. Once only: history is not rewritten.</summary>
    public void EndAppointment(Guid appointmentId, DateOnly lastDay)
    {
        var a = Appointments.SingleOrDefault(x => x.Id == appointmentId) ?? throw new NotFoundException($"No appointment {appointmentId} in this {Kind}.");
        if (a.Ended)
        {
            throw new RuleViolationException($"This appointment already ended on {CommitteeDates.Format(EndOf(a))}; appointment history is not rewritten.");
        }
        new Validator()
            .Require(lastDay >= a.From, "last_day", $"must be on or after the start of the appointment ({CommitteeDates.Format(a.From)})")
            .Require(lastDay <= EndOf(a), "last_day", $"must be on or before the appointment's current end ({CommitteeDates.Format(EndOf(a))}); a longer term is a new appointment")
            .ThrowIfInvalid();
        a.End(lastDay);
        _events.Add(new MembershipChanged(Id, Kind.ToString(), a.Id, a.Subject, a.Seat.ToString(), "Ended", lastDay.AddDays(1)));
    }

    /// <summary>The last day of an appointment: its own end, else the decree's (which may have been extended).</summary>
    public DateOnly EndOf(Appointment a) => a.Until ?? Decree.End;

    public bool InForce(Appointment a, DateOnly date) => a.From <= date && date <= EndOf(a) && Decree.InForceOn(date);

    /// <summary>The seats in force on a date, chair first.</summary>
    public IReadOnlyList<Appointment> CompositionAsOf(DateOnly date) => Appointments
        .Where(a => InForce(a, date))
        .OrderBy(a => a.Seat).ThenBy(a => a.Institution).ThenBy(a => a.From).ThenBy(a => a.Subject, StringComparer.Ordinal)
        .ToList();

    public Appointment? ChairOn(DateOnly date) => CompositionAsOf(date).SingleOrDefault(a => a.Seat == SeatKind.Chair);

    /// <summary>Holds a seat on that date; with kinds, one of those seats.</summary>
    public bool IsCurrentMember(string subject, DateOnly on, params SeatKind[] kinds) =>
        SeatOf(subject, on) is { } a && (kinds.Length == 0 || kinds.Contains(a.Seat));

    public bool IsCurrentMember(string subject, DateTimeOffset at, params SeatKind[] kinds) =>
        IsCurrentMember(subject, CommitteeClock.Today(at), kinds);

    /// <summary>The secretariat (MIT) or secretary (OMT) works the committee's desk.</summary>
    public bool HasDeskAccess(string subject, DateOnly on) => IsCurrentMember(subject, on, SeatKind.Secretariat, SeatKind.Secretary);

    public Appointment? SeatOf(string subject, DateOnly on) => Appointments.FirstOrDefault(a => a.Subject == subject && InForce(a, on));

    public void DeclareInterests(string subject, string interests, DateOnly on)
    {
        subject = (subject ?? "").Trim();
        var text = (interests ?? "").Trim();
        new Validator()
            .Require(text.Length is > 0 and <= CompositionLimits.MaxTextLength, "interests", $"is required, at most {CompositionLimits.MaxTextLength} characters")
            .ThrowIfInvalid();
        RequireSeat(subject, on);
        Interests.Add(new InterestDeclaration(subject, text, on));
        _events.Add(new InterestsDeclared(Id, Kind.ToString(), subject, on));
    }

    /// <summary>
    /// Whose declaration a caller records: their own (no subject named), or — only for the chair in office — a
    /// member's.
    /// </summary>
    public string Declarant(string caller, string? subject, DateOnly on)
    {
        var declarant = (subject ?? "").Trim() is { Length: > 0 } named ? named : caller;
        if (declarant != caller && ChairOn(on)?.Subject != caller)
        {
            throw new AccessDeniedException($"Only the member, or the chair of the {Kind}, records a member's declaration.");
        }
        return declarant;
    }

    /// <summary>The latest declaration of interests of a member, if any.</summary>
    public InterestDeclaration? InterestsOf(string subject) => Interests.LastOrDefault(i => i.Subject == subject);

    /// <summary>A member declares a conflict of interest for one request and is excluded from voting on it.</summary>
    public void DeclareConflict(string subject, Guid requestId, string reason, DateTimeOffset at)
    {
        subject = (subject ?? "").Trim();
        var text = (reason ?? "").Trim();
        new Validator()
            .Require(text.Length is > 0 and <= CompositionLimits.MaxTextLength, "reason", $"is required, at most {CompositionLimits.MaxTextLength} characters")
            .ThrowIfInvalid();
        RequireSeat(subject, CommitteeClock.Today(at));
        if (IsConflicted(subject, requestId))
        {
            throw new AlreadyExistsException($"{subject} already declared a conflict of interest for request {requestId}.");
        }
        if (AdoptionFor(requestId) is not null)
        {
            throw new RuleViolationException($"The {Kind} already adopted its advice on request {requestId}; a conflict cannot be declared afterwards.");
        }
        Conflicts.Add(new ConflictDeclaration(subject, requestId, text, at));
        _events.Add(new ConflictOfInterestDeclared(Id, Kind.ToString(), subject, requestId, at));
    }

    public bool IsConflicted(string subject, Guid requestId) => Conflicts.Any(c => c.Subject == subject && c.RequestId == requestId);

    /// <summary>
    /// A substitute is appointed to act for its expert seat on one request. It still has no vote: expert seats never vote.
    /// </summary>
    public void ActFor(Guid substituteAppointmentId, Guid requestId, DateOnly on)
    {
        var a = Appointments.SingleOrDefault(x => x.Id == substituteAppointmentId)
            ?? throw new NotFoundException($"No appointment {substituteAppointmentId} in this {Kind}.");
        if (a.Seat != SeatKind.Substitute)
        {
            throw new RuleViolationException($"{a.Subject} holds a {a.Seat} seat; only a substitute acts for an expert seat.");
        }
        if (!InForce(a, on))
        {
            throw new RuleViolationException($"{a.Subject} is not a substitute on {CommitteeDates.Format(on)} (appointed {Period(a)}).");
        }
        if (AdoptionFor(requestId) is not null)
        {
            throw new RuleViolationException($"The {Kind} already adopted its advice on request {requestId}.");
        }
        if (SubstituteActions.FirstOrDefault(x => x.RequestId == requestId && x.Institution == a.Institution) is { } acting)
        {
            throw new AlreadyExistsException($"{acting.Subject} already acts for the {a.Institution} seat on request {requestId}.");
        }
        var action = new SubstituteAction(a.Id, a.Subject, a.Institution!.Value, requestId, on);
        SubstituteActions.Add(action);
        _events.Add(new SubstituteActing(Id, Kind.ToString(), a.Id, a.Subject, action.Institution.ToString(), requestId, on));
    }

    public Adoption? AdoptionFor(Guid requestId) => Adoptions.SingleOrDefault(x => x.RequestId == requestId);

    /// <summary>
    /// MIT: the chair in office records an advice adopted by the votes of the voting members present (a former
    /// chair's role claim is not enough). A vote by anyone without a vote on this
    /// request (expert member, substitute, secretariat, a member with a declared conflict, a non-member) refuses the
    /// whole adoption, naming each bad voter. The quorum counts those who may vote on this request: members in
    /// office, less the conflicted. The advice needs more votes for than against.
    /// </summary>
    public Adoption AdoptAdvice(Guid requestId, string documentDigest, string summary, DateTimeOffset at, string recordedBy, IReadOnlyList<Vote> votes,
        bool unanimousConsensus = false)
    {
        if (Kind != CommitteeKind.MIT)
        {
            throw new RuleViolationException("The OMT does not vote; its chair records the consensus (AdoptByConsensus).");
        }
        var date = EnsureCanAdopt(requestId, at);
        if (ChairOn(date)?.Subject != (recordedBy ?? "").Trim())
        {
            throw new AccessDeniedException("Only the chair of the MIT in office records its vote.");
        }
        votes ??= [];
        var v = new Validator();
        var (digest, text) = ValidateAdvice(v, documentDigest, summary);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < votes.Count; i++)
        {
            var field = $"votes[{i}]";
            var subject = (votes[i]?.Subject ?? "").Trim();
            var seat = SeatOf(subject, date);
            v.Require(votes[i] is not null && Enum.IsDefined(votes[i].Choice), $"{field}.choice", "must be For, Against or Abstain");
            if (subject.Length == 0)
            {
                v.Require(false, $"{field}.subject", "is required");
            }
            else if (seat is null)
            {
                v.Require(false, $"{field}.subject", $"{subject} is not a member of the {Kind} on {CommitteeDates.Format(date)}");
            }
            else if (!seat.HasVote)
            {
                v.Require(false, $"{field}.subject", $"{subject} holds a seat without a vote ({seat.Seat})");
            }
            else if (IsConflicted(subject, requestId))
            {
                v.Require(false, $"{field}.subject", $"{subject} declared a conflict of interest for this request and may not vote on it");
            }
            else if (!seen.Add(subject))
            {
                v.Require(false, $"{field}.subject", $"{subject} voted more than once");
            }
        }
        v.Require(!unanimousConsensus || votes.All(x => x?.Choice == VoteChoice.For), "unanimous_consensus", "a unanimous consensus has no votes against and no abstentions");
        v.ThrowIfInvalid();

        var counted = votes.Select(x => x with { Subject = x.Subject.Trim() }).ToList();
        var snapshot = Snapshot(requestId, date, counted, recordAttendance: true);
        if (!Quorum.IsMet(counted.Count, snapshot.CouldVote.Count))
        {
            throw new RuleViolationException(
                $"No quorum: {counted.Count} of the {snapshot.CouldVote.Count} members who may vote on this request voted; more than {Quorum.Numerator}/{Quorum.Denominator} must.");
        }
        var votesFor = counted.Count(x => x.Choice == VoteChoice.For);
        var against = counted.Count(x => x.Choice == VoteChoice.Against);
        var abstentions = counted.Count(x => x.Choice == VoteChoice.Abstain);
        if (votesFor <= against)
        {
            throw new RuleViolationException($"The advice was not adopted: {votesFor} for, {against} against, {abstentions} abstentions.");
        }
        var method = unanimousConsensus ? AdoptionMethod.UnanimousConsensus : AdoptionMethod.Vote;
        return Record(new Adoption(Id, Kind, requestId, digest, text, at, method, votesFor, against, abstentions, null, null, snapshot));
    }

    /// <summary>OMT: the chair in office records the consensus; dissent, if any, is noted as text.</summary>
    public Adoption AdoptByConsensus(Guid requestId, string documentDigest, string summary, DateTimeOffset at, string recordedBy, string? dissent = null)
    {
        if (Kind != CommitteeKind.OMT)
        {
            throw new RuleViolationException("The MIT adopts by the votes of its voting members (AdoptAdvice), also when unanimous.");
        }
        var date = EnsureCanAdopt(requestId, at);
        var v = new Validator();
        var (digest, text) = ValidateAdvice(v, documentDigest, summary);
        var dissentText = string.IsNullOrWhiteSpace(dissent) ? null : dissent.Trim();
        v.Require((dissentText ?? "").Length <= CompositionLimits.MaxTextLength, "dissent", $"must be at most {CompositionLimits.MaxTextLength} characters");
        v.ThrowIfInvalid();
        var chair = ChairOn(date);
        if (chair is null || chair.Subject != (recordedBy ?? "").Trim())
        {
            throw new AccessDeniedException($"Only the chair of the OMT in office on {CommitteeDates.Format(date)} records its consensus.");
        }
        var snapshot = Snapshot(requestId, date, [], recordAttendance: false);
        return Record(new Adoption(Id, Kind, requestId, digest, text, at, AdoptionMethod.Consensus, 0, 0, 0, chair.Subject, dissentText, snapshot));
    }

    /// <summary>The OMT's secretary (or chair) records a meeting: its date, topic and the request it is about, if any.</summary>
    public Meeting RecordMeeting(Guid id, DateOnly metOn, string topic, Guid? requestId, string recordedBy, DateTimeOffset at)
    {
        var text = (topic ?? "").Trim();
        new Validator()
            .Require(Kind == CommitteeKind.OMT, "committee", "meetings are recorded for the OMT")
            .Require(text.Length is > 0 and <= CompositionLimits.MaxNameLength, "topic", $"is required, at most {CompositionLimits.MaxNameLength} characters")
            .Require(metOn <= CommitteeClock.Today(at), "met_on", "cannot be in the future")
            .Require(Decree.InForceOn(metOn), "met_on", $"the {Kind} was not established on that day")
            .ThrowIfInvalid();
        var meeting = new Meeting(id, metOn, text, requestId, recordedBy, at);
        Meetings.Add(meeting);
        return meeting;
    }

    /// <summary>The committee opens advice nobody asked for: a title, the question it sets itself, the reason.</summary>
    public UnsolicitedAdvice OpenUnsolicited(Guid id, string title, string question, string reason, IReadOnlyList<Guid> relatedRequests,
        string? workProgrammeItem, string openedBy, DateTimeOffset at)
    {
        var t = (title ?? "").Trim();
        var q = (question ?? "").Trim();
        var r = (reason ?? "").Trim();
        var item = string.IsNullOrWhiteSpace(workProgrammeItem) ? null : workProgrammeItem.Trim();
        new Validator()
            .Require(t.Length is > 0 and <= CompositionLimits.MaxNameLength, "title", $"is required, at most {CompositionLimits.MaxNameLength} characters")
            .Require(q.Length is > 0 and <= CompositionLimits.MaxTextLength, "question", $"is required, at most {CompositionLimits.MaxTextLength} characters")
            .Require(r.Length is > 0 and <= CompositionLimits.MaxTextLength, "reason", $"is required, at most {CompositionLimits.MaxTextLength} characters")
            .Require((item ?? "").Length <= CompositionLimits.MaxNameLength, "work_programme_item", $"must be at most {CompositionLimits.MaxNameLength} characters")
            .Require(Decree.InForceOn(CommitteeClock.Today(at)), "committee", $"the {Kind} is not established today")
            .ThrowIfInvalid();
        if (Unsolicited.Any(u => u.Id == id))
        {
            throw new AlreadyExistsException($"Unsolicited advice {id} exists already.");
        }
        var advice = new UnsolicitedAdvice(id, t, q, r, relatedRequests.Distinct().ToList(), item, openedBy, at);
        Unsolicited.Add(advice);
        return advice;
    }

    public UnsolicitedAdvice? FindUnsolicited(Guid id) => Unsolicited.SingleOrDefault(u => u.Id == id);

    /// <summary>
    /// Adopts unsolicited advice the committee's way, as requested advice: the MIT by the vote of its voting members
    /// (expert seats without a vote, quorum), the OMT by the consensus its chair records, dissent noted.
    /// </summary>
    public Adoption AdoptUnsolicited(Guid adviceId, string documentDigest, string summary, DateTimeOffset at, string recordedBy,
        IReadOnlyList<Vote> votes, bool unanimousConsensus, string? dissent)
    {
        if (FindUnsolicited(adviceId) is null)
        {
            throw new NotFoundException($"No unsolicited advice {adviceId} in this {Kind}.");
        }
        if (Kind == CommitteeKind.MIT)
        {
            new Validator().Require(string.IsNullOrWhiteSpace(dissent), "dissent", "the MIT votes; dissent is noted by the OMT's consensus").ThrowIfInvalid();
            return AdoptAdvice(adviceId, documentDigest, summary, at, recordedBy, votes, unanimousConsensus);
        }
        new Validator()
            .Require(votes.Count == 0, "votes", "the OMT does not vote; its chair records the consensus")
            .Require(!unanimousConsensus, "unanimous_consensus", "the OMT does not vote; its chair records the consensus")
            .ThrowIfInvalid();
        return AdoptByConsensus(adviceId, documentDigest, summary, at, recordedBy, dissent);
    }

    public void ClearEvents() => _events.Clear();

    private DateOnly EnsureCanAdopt(Guid requestId, DateTimeOffset at)
    {
        if (AdoptionFor(requestId) is not null)
        {
            throw new AlreadyExistsException($"The {Kind} already adopted its advice on request {requestId}.");
        }
        var date = CommitteeClock.Today(at);
        if (!Decree.InForceOn(date))
        {
            throw new RuleViolationException(
                $"The {Kind} is not established on {CommitteeDates.Format(date)} (term {CommitteeDates.Format(Decree.Start)} to {CommitteeDates.Format(Decree.End)}).");
        }
        return date;
    }

    private static (string Digest, string Summary) ValidateAdvice(Validator v, string documentDigest, string summary)
    {
        var digest = (documentDigest ?? "").Trim().ToLowerInvariant();
        var text = (summary ?? "").Trim();
        v.Require(digest.Length == 64 && digest.All(char.IsAsciiHexDigitLower), "document_digest", "must be a SHA-256 digest (64 hexadecimal characters)")
         .Require(text.Length is > 0 and <= CompositionLimits.MaxTextLength, "summary", $"is required, at most {CompositionLimits.MaxTextLength} characters");
        return (digest, text);
    }

    private CompositionSnapshot Snapshot(Guid requestId, DateOnly date, IReadOnlyList<Vote> votes, bool recordAttendance)
    {
        var seats = CompositionAsOf(date);
        var conflicted = seats.Where(s => IsConflicted(s.Subject, requestId)).Select(s => s.Subject).ToList();
        var couldVote = seats.Where(s => s.HasVote && !conflicted.Contains(s.Subject)).Select(s => s.Subject).ToList();
        var absent = recordAttendance ? couldVote.Where(s => votes.All(x => x.Subject != s)).ToList() : [];
        return new CompositionSnapshot(
            date,
            seats.Select(s => SeatSnapshot.Of(s, EndOf(s))).ToList(),
            couldVote,
            votes.ToList(),
            absent,
            conflicted,
            SubstituteActions.Where(x => x.RequestId == requestId).ToList());
    }

    private Adoption Record(Adoption adoption)
    {
        Adoptions.Add(adoption);
        if (FindUnsolicited(adoption.RequestId) is { } unsolicited)
        {
            _events.Add(new UnsolicitedAdviceAdopted(Id, Kind.ToString(), unsolicited.Id, unsolicited.Title, unsolicited.Question, unsolicited.Reason,
                adoption.DocumentDigest, adoption.Summary, adoption.AdoptedAt, adoption.Method.ToString(),
                adoption.VotesFor, adoption.VotesAgainst, adoption.Abstentions, adoption.Dissent));
            return adoption;
        }
        _events.Add(new AdviceAdopted(Id, Kind.ToString(), adoption.RequestId, adoption.DocumentDigest, adoption.AdoptedAt, adoption.Method.ToString(),
            adoption.VotesFor, adoption.VotesAgainst, adoption.Abstentions, adoption.Dissent is not null, adoption.Snapshot));
        return adoption;
    }

    private void RequireSeat(string subject, DateOnly on)
    {
        if (SeatOf(subject, on) is null)
        {
            throw new RuleViolationException($"{subject} does not hold a seat in the {Kind} on {CommitteeDates.Format(on)}.");
        }
    }

    private string Period(Appointment a) => $"{CommitteeDates.Format(a.From)} to {CommitteeDates.Format(EndOf(a))}";
}
