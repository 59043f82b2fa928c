using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Committees.Domain.Composition;
using Committee = Mit.Platform.Committees.Domain.Committee;
using CommitteeAggregate = Mit.Platform.Committees.Domain.Composition.Committee;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Committees.Api;

/// <summary>proto ↔ domain for composition and standby, nothing else.</summary>
internal static class CompositionMapping
{
    private const string DateFormat = "yyyy-MM-dd";

    public static Committee ToKind(this V1.Committee committee, string field = "committee") => committee switch
    {
        V1.Committee.Mit => Committee.MIT,
        V1.Committee.Omt => Committee.OMT,
        _ => throw Invalid(field, "must be COMMITTEE_MIT or COMMITTEE_OMT"),
    };

    public static V1.Committee ToProto(this Committee kind) => kind == Committee.MIT ? V1.Committee.Mit : V1.Committee.Omt;

    /// <summary>A calendar date "YYYY-MM-DD"; empty gives null.</summary>
    public static DateOnly? OptionalDate(string value, string field) =>
        value.Length == 0 ? null
        : DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw Invalid(field, "must be a date YYYY-MM-DD");

    public static DateOnly RequiredDate(string value, string field) =>
        OptionalDate(value, field) ?? throw Invalid(field, "is required (YYYY-MM-DD)");

    public static string Format(DateOnly? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "";

    public static Guid Id(string value, string field) =>
        Guid.TryParse(value, out var id) ? id : throw Invalid(field, "must be an id");

    public static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static SeatKind ToDomain(this V1.SeatKind seat, string field = "seat") => seat switch
    {
        V1.SeatKind.Chair => SeatKind.Chair,
        V1.SeatKind.Member => SeatKind.Member,
        V1.SeatKind.ExpertMember => SeatKind.ExpertMember,
        V1.SeatKind.Substitute => SeatKind.Substitute,
        V1.SeatKind.Secretariat => SeatKind.Secretariat,
        V1.SeatKind.Secretary => SeatKind.Secretary,
        V1.SeatKind.InvitedExpert => SeatKind.InvitedExpert,
        _ => throw Invalid(field, "must be a seat kind"),
    };

    public static V1.SeatKind ToProto(this SeatKind seat) => seat switch
    {
        SeatKind.Chair => V1.SeatKind.Chair,
        SeatKind.Member => V1.SeatKind.Member,
        SeatKind.ExpertMember => V1.SeatKind.ExpertMember,
        SeatKind.Substitute => V1.SeatKind.Substitute,
        SeatKind.Secretariat => V1.SeatKind.Secretariat,
        SeatKind.Secretary => V1.SeatKind.Secretary,
        _ => V1.SeatKind.InvitedExpert,
    };

    public static ExpertInstitution? ToDomain(this V1.ExpertInstitution institution) => institution switch
    {
        V1.ExpertInstitution.Unspecified => null,
        V1.ExpertInstitution.Cpb => ExpertInstitution.CPB,
        V1.ExpertInstitution.Pbl => ExpertInstitution.PBL,
        V1.ExpertInstitution.Scp => ExpertInstitution.SCP,
        V1.ExpertInstitution.Ser => ExpertInstitution.SER,
        V1.ExpertInstitution.RivmBehaviouralUnit => ExpertInstitution.RivmBehaviouralUnit,
        _ => throw Invalid("institution", "is not one of CPB, PBL, SCP, SER, RIVM behavioural unit"),
    };

    public static V1.ExpertInstitution ToProto(this ExpertInstitution? institution) => institution switch
    {
        ExpertInstitution.CPB => V1.ExpertInstitution.Cpb,
        ExpertInstitution.PBL => V1.ExpertInstitution.Pbl,
        ExpertInstitution.SCP => V1.ExpertInstitution.Scp,
        ExpertInstitution.SER => V1.ExpertInstitution.Ser,
        ExpertInstitution.RivmBehaviouralUnit => V1.ExpertInstitution.RivmBehaviouralUnit,
        _ => V1.ExpertInstitution.Unspecified,
    };

    public static Vote ToDomain(this V1.Vote vote, int index) => new(vote.Subject, vote.Choice switch
    {
        V1.VoteChoice.For => VoteChoice.For,
        V1.VoteChoice.Against => VoteChoice.Against,
        V1.VoteChoice.Abstain => VoteChoice.Abstain,
        _ => throw Invalid($"votes[{index}].choice", "must be VOTE_CHOICE_FOR, VOTE_CHOICE_AGAINST or VOTE_CHOICE_ABSTAIN"),
    });

    public static V1.CommitteeInfo ToProto(this CommitteeAggregate c)
    {
        var info = new V1.CommitteeInfo
        {
            CommitteeId = c.Id.ToString(),
            Committee = c.Kind.ToProto(),
            DecreeReference = c.Decree.Reference,
            TermStart = Format(c.Decree.Start),
            TermEnd = Format(c.Decree.End),
            QuorumNumerator = c.Quorum.Numerator,
            QuorumDenominator = c.Quorum.Denominator,
        };
        info.Extensions.AddRange(c.Decree.Extensions.Select(e => new V1.TermExtension
        {
            PreviousEnd = Format(e.PreviousEnd),
            NewEnd = Format(e.NewEnd),
            DecidedAt = Timestamp.FromDateTimeOffset(e.DecidedAt),
        }));
        return info;
    }

    public static V1.Seat ToProto(this Appointment a, CommitteeAggregate c)
    {
        var interests = c.InterestsOf(a.Subject);
        return new V1.Seat
        {
            AppointmentId = a.Id.ToString(),
            Committee = c.Kind.ToProto(),
            Subject = a.Subject,
            Name = a.Name,
            Kind = a.Seat.ToProto(),
            Institution = a.Institution.ToProto(),
            AgendaMember = a.AgendaMember,
            HasVote = a.HasVote,
            From = Format(a.From),
            Until = Format(c.EndOf(a)),
            Ended = a.Ended,
            Topic = a.Topic ?? "",
            RequestId = a.RequestId?.ToString() ?? "",
            Interests = interests?.Interests ?? "",
            InterestsDeclaredOn = Format(interests?.DeclaredOn),
        };
    }

    public static V1.AdoptedAdvice ToProto(this Adoption a, CommitteeAggregate c)
    {
        var s = a.Snapshot;
        var snapshot = new V1.CompositionSnapshot { AsOf = Format(s.AsOf) };
        snapshot.Seats.AddRange(s.Seats.Select(x => new V1.Seat
        {
            AppointmentId = x.AppointmentId.ToString(),
            Committee = c.Kind.ToProto(),
            Subject = x.Subject,
            Name = x.Name,
            Kind = x.Seat.ToProto(),
            Institution = x.Institution.ToProto(),
            AgendaMember = x.AgendaMember,
            HasVote = x.HasVote,
            From = Format(x.From),
            Until = Format(x.Until),
        }));
        snapshot.CouldVote.AddRange(s.CouldVote);
        snapshot.Votes.AddRange(s.Votes.Select(v => new V1.Vote { Subject = v.Subject, Choice = v.Choice.ToProto() }));
        snapshot.Absent.AddRange(s.Absent);
        snapshot.Conflicted.AddRange(s.Conflicted);
        snapshot.ActingSubstitutes.AddRange(s.ActingSubstitutes.Select(x => new V1.Seat
        {
            AppointmentId = x.AppointmentId.ToString(),
            Committee = c.Kind.ToProto(),
            Subject = x.Subject,
            Kind = V1.SeatKind.Substitute,
            Institution = ((ExpertInstitution?)x.Institution).ToProto(),
            RequestId = x.RequestId.ToString(),
        }));
        return new V1.AdoptedAdvice
        {
            Committee = c.Kind.ToProto(),
            RequestId = a.RequestId.ToString(),
            DocumentDigest = a.DocumentDigest,
            Summary = a.Summary,
            AdoptedAt = Timestamp.FromDateTimeOffset(a.AdoptedAt),
            Method = a.Method switch
            {
                AdoptionMethod.Vote => V1.AdoptionMethod.Vote,
                AdoptionMethod.UnanimousConsensus => V1.AdoptionMethod.UnanimousConsensus,
                _ => V1.AdoptionMethod.Consensus,
            },
            VotesFor = a.VotesFor,
            VotesAgainst = a.VotesAgainst,
            Abstentions = a.Abstentions,
            RecordedBy = a.RecordedBy ?? "",
            Dissent = a.Dissent ?? "",
            Snapshot = snapshot,
        };
    }

    public static V1.UnsolicitedAdvice ToProto(this UnsolicitedAdvice u, CommitteeAggregate c)
    {
        var proto = new V1.UnsolicitedAdvice
        {
            Id = u.Id.ToString(),
            Committee = c.Kind.ToProto(),
            Title = u.Title,
            Question = u.Question,
            Reason = u.Reason,
            WorkProgrammeItem = u.WorkProgrammeItem ?? "",
            OpenedBy = u.OpenedBy,
            OpenedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(u.OpenedAt),
        };
        proto.RelatedRequestIds.AddRange(u.RelatedRequests.Select(r => r.ToString()));
        if (c.AdoptionFor(u.Id) is { } adoption)
        {
            proto.Adoption = adoption.ToProto(c);
        }
        return proto;
    }

    public static V1.VoteChoice ToProto(this VoteChoice choice) => choice switch
    {
        VoteChoice.For => V1.VoteChoice.For,
        VoteChoice.Against => V1.VoteChoice.Against,
        _ => V1.VoteChoice.Abstain,
    };

    public static V1.AdviceView ToProto(this AdviceView view)
    {
        var message = new V1.AdviceView
        {
            Committee = view.Committee.ToProto(),
            Adopted = view.Adopted,
            DocumentDigest = view.Digest ?? "",
            Summary = view.Summary ?? "",
            Sealed = view.Sealed,
            Late = view.Late,
        };
        if (view.AdoptedAt is { } at)
        {
            message.AdoptedAt = Timestamp.FromDateTimeOffset(at);
        }
        return message;
    }

    public static Availability ToDomain(this V1.Availability availability) => availability switch
    {
        V1.Availability.Available => Availability.Available,
        V1.Availability.Limited => Availability.Limited,
        V1.Availability.Unavailable => Availability.Unavailable,
        _ => throw Invalid("candidate.availability", "must be AVAILABLE, LIMITED or UNAVAILABLE"),
    };

    public static V1.StandbyState ToProto(this Standby s, DateTimeOffset now)
    {
        var state = new V1.StandbyState
        {
            StandbyId = s.Id.ToString(),
            Active = s.Active,
            CoordinatedBy = s.CoordinatedBy,
            Since = Format(s.Since),
            ActivatedCommitteeId = s.ActivatedCommitteeId?.ToString() ?? "",
        };
        state.Candidates.AddRange(s.Candidates.Select(c =>
        {
            var card = new V1.Candidate
            {
                Subject = c.Subject,
                Name = c.Name,
                Institution = c.Institution ?? "",
                Availability = c.Availability switch
                {
                    Availability.Available => V1.Availability.Available,
                    Availability.Limited => V1.Availability.Limited,
                    _ => V1.Availability.Unavailable,
                },
                DeclaredInterests = c.DeclaredInterests ?? "",
            };
            card.Expertise.AddRange(c.Expertise);
            return card;
        }));
        state.Signals.AddRange(s.Signals.Select(x =>
        {
            var signal = x.ToProto(now);
            // Flagged by the overdue sweep: overdue in the state from then on, whatever clock reads it.
            signal.Overdue |= x.Answer is null && s.OverdueFlagged.Contains(x.Id);
            return signal;
        }));
        return state;
    }

    public static V1.StandbyNotice ToProto(this StandbyNotice n)
    {
        var notice = new V1.StandbyNotice
        {
            Position = n.Position,
            Kind = n.Kind switch
            {
                NoticeKind.OmtConvened => V1.StandbyNoticeKind.OmtConvened,
                NoticeKind.A1Status => V1.StandbyNoticeKind.A1Status,
                NoticeKind.OwnInitiative => V1.StandbyNoticeKind.OwnInitiative,
                _ => V1.StandbyNoticeKind.SignalOverdue,
            },
            NoticeId = n.Id.ToString(),
            OccurredOn = Format(n.OccurredOn),
            Topic = n.Topic,
            Disease = n.Disease ?? "",
            RequestId = n.RequestId?.ToString() ?? "",
            RecordedBy = n.RecordedBy,
            RecordedAt = Timestamp.FromDateTimeOffset(n.RecordedAt),
            SignalId = n.SignalId?.ToString() ?? "",
            AnswerDue = n.AnswerDue is { } due ? Timestamp.FromDateTimeOffset(due) : null,
        };
        if (n.Route is { } route)
        {
            notice.PrefilledSignal = new V1.RaiseSignalRequest
            {
                Route = route switch
                {
                    SignalRoute.A1Status => V1.SignalRoute.A1Status,
                    SignalRoute.OmtConvened => V1.SignalRoute.OmtConvened,
                    _ => V1.SignalRoute.OwnInitiative,
                },
                Rationale = n.PrefilledRationale,
                Disease = n.Disease ?? "",
                // Own initiative has no trigger date; the other routes are dated by their trigger.
                TriggeredOn = route == SignalRoute.OwnInitiative ? "" : Format(n.OccurredOn),
            };
        }
        return notice;
    }

    public static V1.ActivationSignal ToProto(this ActivationSignal s, DateTimeOffset now)
    {
        var signal = new V1.ActivationSignal
        {
            SignalId = s.Id.ToString(),
            Route = s.Route switch
            {
                SignalRoute.A1Status => V1.SignalRoute.A1Status,
                SignalRoute.OmtConvened => V1.SignalRoute.OmtConvened,
                _ => V1.SignalRoute.OwnInitiative,
            },
            Disease = s.Disease ?? "",
            TriggeredOn = Format(s.TriggeredOn),
            Rationale = s.Rationale,
            RaisedBy = s.RaisedBy,
            RaisedAt = Timestamp.FromDateTimeOffset(s.RaisedAt),
            AnswerDue = Timestamp.FromDateTimeOffset(s.AnswerDue),
            Answer = s.Answer switch
            {
                SignalAnswer.Yes => V1.SignalAnswer.Yes,
                SignalAnswer.No => V1.SignalAnswer.No,
                _ => V1.SignalAnswer.Unspecified,
            },
            Reasons = s.Reasons ?? "",
            AnsweredBy = s.AnsweredBy ?? "",
            Overdue = s.IsOverdue(now),
            AnsweredLate = s.AnsweredLate,
        };
        if (s.AnsweredAt is { } answered)
        {
            signal.AnsweredAt = Timestamp.FromDateTimeOffset(answered);
        }
        return signal;
    }

    private static ValidationFailedException Invalid(string field, string description) => new([new FieldViolation(field, description)]);
}
