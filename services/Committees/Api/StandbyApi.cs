using Google.Protobuf;
using Grpc.Core;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Committees.Domain.Composition;
using Committee = Mit.Platform.Committees.Domain.Committee;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Committees.Api;

/// <summary>The standby MIT: the CPO keeps the card index and raises signals; the SG SZW answers them.</summary>
public sealed class StandbyApi(CommitteesDbContext db, MembershipAnswers membership, TimeProvider time, IConfiguration configuration, LiveSignals live)
    : V1.Standby.StandbyBase
{
    private const int InboxBatch = 200;
    // Signals are hints; a periodic re-read bounds how late a notice is seen if one is lost.
    private static readonly TimeSpan InboxPoll = TimeSpan.FromSeconds(2);

    /// <summary>The expertise a new MIT must be able to draw on, unless configured otherwise (Committees:Standby:RequiredExpertise).</summary>
    public static readonly IReadOnlyList<string> DefaultRequiredExpertise =
    [
        "economics", "sociology", "behavioural science", "public health", "mental health", "education", "youth",
        "labour market", "law and human rights", "communication",
    ];

    public override Task<V1.StandbyState> BeginStandby(V1.BeginStandbyRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.CoordinateStandby);
        return Change(caller, request, request.IdempotencyKey, context, async now =>
        {
            var (current, _) = await db.StandbyAsync(context.CancellationToken);
            if (current is { Active: true })
            {
                throw new AlreadyExistsException($"The MIT is in standby already, since {CompositionMapping.Format(current.Since)}.");
            }
            var standby = Standby.Begin(Guid.NewGuid(), caller.Subject, CommitteeClock.Today(now));
            db.Store(standby, null, now);
            return standby.ToProto(now);
        });
    }

    public override async Task<V1.StandbyState> GetStandby(V1.GetStandbyRequest request, ServerCallContext context)
    {
        CompositionPolicies.Table.Require(context, CompositionPolicies.ReadStandby);
        var (standby, _) = await db.StandbyAsync(context.CancellationToken);
        return (standby ?? throw new NotFoundException("The MIT has never been in standby.")).ToProto(time.GetUtcNow());
    }

    public override Task<V1.StandbyState> PutCandidate(V1.PutCandidateRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.CoordinateStandby);
        var c = request.Candidate ?? throw new ValidationFailedException([new FieldViolation("candidate", "is required")]);
        var candidate = new Candidate(c.Subject, c.Name, [.. c.Expertise], CompositionMapping.Text(c.Institution), c.Availability.ToDomain(),
            CompositionMapping.Text(c.DeclaredInterests));
        return ChangeStandby(caller, request, request.IdempotencyKey, context, standby =>
        {
            if (standby.Candidates.Any(x => x.Subject == candidate.Subject.Trim()))
            {
                standby.UpdateCandidate(candidate);
            }
            else
            {
                standby.AddCandidate(candidate);
            }
        });
    }

    public override Task<V1.StandbyState> RemoveCandidate(V1.RemoveCandidateRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.CoordinateStandby);
        return ChangeStandby(caller, request, request.IdempotencyKey, context, standby => standby.RemoveCandidate(request.Subject));
    }

    public override async Task<V1.CoverageReport> GetCoverage(V1.GetCoverageRequest request, ServerCallContext context)
    {
        CompositionPolicies.Table.Require(context, CompositionPolicies.ReadStandby);
        var (standby, _) = await db.StandbyAsync(context.CancellationToken);
        var required = configuration.GetSection("Committees:Standby:RequiredExpertise").Get<string[]>() is { Length: > 0 } configured
            ? configured
            : DefaultRequiredExpertise;
        var report = (standby ?? throw new NotFoundException("The MIT has never been in standby.")).Coverage(required);
        var response = new V1.CoverageReport { Complete = report.Complete };
        response.Gaps.AddRange(report.Gaps);
        response.Areas.AddRange(report.Areas.Select(a =>
        {
            var area = new V1.ExpertiseCoverage { Expertise = a.Expertise, Covered = a.Covered };
            area.Candidates.AddRange(a.Candidates);
            return area;
        }));
        return response;
    }

    public override Task<V1.ActivationSignal> RaiseSignal(V1.RaiseSignalRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.CoordinateStandby);
        var route = request.Route switch
        {
            V1.SignalRoute.A1Status => SignalRoute.A1Status,
            V1.SignalRoute.OmtConvened => SignalRoute.OmtConvened,
            V1.SignalRoute.OwnInitiative => SignalRoute.OwnInitiative,
            _ => throw new ValidationFailedException([new FieldViolation("route", "must be A1_STATUS, OMT_CONVENED or OWN_INITIATIVE")]),
        };
        var triggeredOn = CompositionMapping.OptionalDate(request.TriggeredOn, "triggered_on");
        return Change(caller, request, request.IdempotencyKey, context, async now =>
        {
            var (standby, row) = await ActiveAsync(context.CancellationToken);
            var signal = standby.RaiseSignal(Guid.NewGuid(), route, caller.Subject, request.Rationale, now, CompositionMapping.Text(request.Disease), triggeredOn);
            db.Store(standby, row, now);
            return signal.ToProto(now);
        });
    }

    public override Task<V1.ActivationSignal> AnswerSignal(V1.AnswerSignalRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.AnswerSignal);
        var signalId = CompositionMapping.Id(request.SignalId, "signal_id");
        var answer = request.Answer switch
        {
            V1.SignalAnswer.Yes => SignalAnswer.Yes,
            V1.SignalAnswer.No => SignalAnswer.No,
            _ => throw new ValidationFailedException([new FieldViolation("answer", "must be SIGNAL_ANSWER_YES or SIGNAL_ANSWER_NO")]),
        };
        return Change(caller, request, request.IdempotencyKey, context, async now =>
        {
            var (standby, row) = await ActiveAsync(context.CancellationToken);
            standby.AnswerSignal(signalId, answer, CompositionMapping.Text(request.Reasons), caller.Subject, now);
            db.Store(standby, row, now);
            return standby.Signals.Single(s => s.Id == signalId).ToProto(now);
        });
    }

    public override async Task<V1.CommitteeInfo> Activate(V1.ActivateRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.CoordinateStandby);
        var signalId = CompositionMapping.Id(request.SignalId, "signal_id");
        var start = CompositionMapping.OptionalDate(request.TermStart, "term_start");
        var experts = request.ExpertSeats.Select((e, i) => new ExpertSeat(
            e.Institution.ToDomain() ?? throw new ValidationFailedException([new FieldViolation($"expert_seats[{i}].institution", "is required")]),
            e.Subject, e.Name, e.AgendaMember)).ToList();
        var template = new DecreeTemplate(request.DecreeReference, request.TermYears == 0 ? CompositionLimits.DefaultTermYears : request.TermYears);
        var response = await db.RunOnceAsync(caller, nameof(Activate), request.IdempotencyKey, request, time, async () =>
        {
            var now = time.GetUtcNow();
            var (standby, row) = await ActiveAsync(context.CancellationToken);
            var plan = new ActivationPlan(Guid.NewGuid(), start ?? CommitteeClock.Today(now), request.ChairSubject, [.. request.MemberSubjects], experts);
            var committee = standby.Activate(signalId, template, plan, now);
            await db.RequireNoOverlapAsync(committee, context.CancellationToken);
            db.Store(standby, row, now);
            db.Store(committee, null, now);
            return committee.ToProto();
        }, context.CancellationToken);
        await membership.InvalidateAfterChangeAsync(Committee.MIT);
        return response;
    }

    public override async Task<V1.OmtMeeting> RecordOmtMeeting(V1.RecordOmtMeetingRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.RecordOmtMeeting);
        var metOn = CompositionMapping.RequiredDate(request.MetOn, "met_on");
        Guid? requestId = request.RequestId.Length == 0 ? null : CompositionMapping.Id(request.RequestId, "request_id");
        var response = await Change(caller, request, request.IdempotencyKey, context, async now =>
        {
            var (omt, row) = await db.CommitteeOnAsync(Committee.OMT, metOn, context.CancellationToken);
            var meeting = omt.RecordMeeting(Guid.NewGuid(), metOn, request.Topic, requestId, caller.Subject, now);
            db.Store(omt, row, now);
            var (standby, standbyRow) = await db.StandbyAsync(context.CancellationToken);
            var notified = standby is { Active: true };
            if (notified)
            {
                // In the same transaction as the meeting: the CPO's inbox never misses one.
                standby!.NoticeOmtMeeting(meeting);
                db.Store(standby, standbyRow, now);
            }
            return new V1.OmtMeeting
            {
                MeetingId = meeting.Id.ToString(),
                MetOn = CompositionMapping.Format(meeting.MetOn),
                Topic = meeting.Topic,
                RequestId = meeting.RequestId?.ToString() ?? "",
                RecordedBy = meeting.RecordedBy,
                RecordedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(meeting.RecordedAt),
                StandbyNotified = notified,
            };
        });
        live.Raise(StandbyTopics.Inbox);
        return response;
    }

    public override async Task<V1.StandbyNotice> RecordA1Classification(V1.RecordA1ClassificationRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.RecordA1Classification);
        var classifiedOn = CompositionMapping.RequiredDate(request.ClassifiedOn, "classified_on");
        var notice = await Notice(caller, request, request.IdempotencyKey, context, (standby, now) =>
            standby.NoticeA1Classification(Guid.NewGuid(), request.Disease, classifiedOn, caller.Subject, now));
        return notice;
    }

    public override Task<V1.StandbyNotice> NoteOwnInitiative(V1.NoteOwnInitiativeRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.CoordinateStandby);
        return Notice(caller, request, request.IdempotencyKey, context, (standby, now) => standby.NoticeOwnInitiative(Guid.NewGuid(), request.Reason, caller.Subject, now));
    }

    public override async Task<V1.StandbyInbox> GetStandbyInbox(V1.GetStandbyInboxRequest request, ServerCallContext context)
    {
        CompositionPolicies.Table.Require(context, CompositionPolicies.ReadStandbyInbox);
        new Validator()
            .Require(request.FromPosition >= 0, "from_position", "must be zero or a position from the inbox")
            .Require(request.PageSize is >= 0 and <= 1000, "page_size", "must be between 0 and 1000")
            .ThrowIfInvalid();
        var (standby, _) = await db.StandbyAsync(context.CancellationToken);
        var inbox = new V1.StandbyInbox();
        inbox.Notices.AddRange((standby ?? throw new NotFoundException("The MIT has never been in standby."))
            .NoticesAfter(request.FromPosition, request.PageSize == 0 ? InboxBatch : request.PageSize).Select(n => n.ToProto()));
        return inbox;
    }

    public override async Task WatchStandbyInbox(V1.WatchStandbyInboxRequest request, IServerStreamWriter<V1.StandbyNotice> responseStream, ServerCallContext context)
    {
        CompositionPolicies.Table.Require(context, CompositionPolicies.ReadStandbyInbox);
        new Validator().Require(request.FromPosition >= 0, "from_position", "must be zero or a position from the inbox").ThrowIfInvalid();
        var last = request.FromPosition;
        var ct = context.CancellationToken;
        while (!ct.IsCancellationRequested)
        {
            var changed = live.Next(StandbyTopics.Inbox);
            db.ChangeTracker.Clear();
            var (standby, _) = await db.StandbyAsync(ct);
            var batch = standby?.NoticesAfter(last, InboxBatch) ?? [];
            foreach (var notice in batch)
            {
                await responseStream.WriteAsync(notice.ToProto(), ct);
                last = notice.Position;
            }
            if (batch.Count < InboxBatch)
            {
                await Task.WhenAny(changed, Task.Delay(InboxPoll, time, ct));
            }
        }
    }

    /// <summary>A notice in the active standby's inbox, once per idempotency key; then live watchers are woken.</summary>
    private async Task<V1.StandbyNotice> Notice(Caller caller, IMessage request, string idempotencyKey, ServerCallContext context,
        Func<Standby, DateTimeOffset, StandbyNotice> notice, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        var response = await Change(caller, request, idempotencyKey, context, async now =>
        {
            var (standby, row) = await ActiveAsync(context.CancellationToken);
            var added = notice(standby, now);
            db.Store(standby, row, now);
            return added.ToProto();
        }, method);
        live.Raise(StandbyTopics.Inbox);
        return response;
    }

    private Task<V1.StandbyState> ChangeStandby(Caller caller, IMessage request, string idempotencyKey, ServerCallContext context, Action<Standby> change,
        [System.Runtime.CompilerServices.CallerMemberName] string method = "") =>
        Change(caller, request, idempotencyKey, context, async now =>
        {
            var (standby, row) = await ActiveAsync(context.CancellationToken);
            change(standby);
            db.Store(standby, row, now);
            return standby.ToProto(now);
        }, method);

    private Task<TResponse> Change<TResponse>(Caller caller, IMessage request, string idempotencyKey, ServerCallContext context,
        Func<DateTimeOffset, Task<TResponse>> change, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
        where TResponse : IMessage<TResponse>, new() =>
        db.RunOnceAsync(caller, method, idempotencyKey, request, time, () => change(time.GetUtcNow()), context.CancellationToken);

    private async Task<(Standby, CompositionDocument)> ActiveAsync(CancellationToken ct)
    {
        var (standby, row) = await db.StandbyAsync(ct);
        return standby is { Active: true } ? (standby, row!) : throw new RuleViolationException("The MIT is not in standby (begin standby first).");
    }
}
