using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Committees.Domain.Composition;
using Committee = Mit.Platform.Committees.Domain.Committee;
using CommitteeAggregate = Mit.Platform.Committees.Domain.Composition.Committee;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Committees.Api;

/// <summary>Maps composition calls to the Committee aggregate and the advice seal, and decides who may make them.</summary>
public sealed class CommitteeCompositionApi(CommitteesDbContext db, MembershipAnswers membership, TimeProvider time)
    : V1.CommitteeComposition.CommitteeCompositionBase
{
    public override Task<V1.CommitteeInfo> EstablishCommittee(V1.EstablishCommitteeRequest request, ServerCallContext context)
    {
        var kind = request.Committee.ToKind();
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.ManageComposition(kind));
        var start = CompositionMapping.RequiredDate(request.TermStart, "term_start");
        var end = CompositionMapping.RequiredDate(request.TermEnd, "term_end");
        QuorumRule? quorum = request.QuorumNumerator == 0 && request.QuorumDenominator == 0 ? null : new QuorumRule(request.QuorumNumerator, request.QuorumDenominator);
        return Change(kind, caller, request, request.IdempotencyKey, context, async now =>
        {
            var committee = CommitteeAggregate.Establish(Guid.NewGuid(), kind, request.DecreeReference, start, end, now, quorum);
            await db.RequireNoOverlapAsync(committee, context.CancellationToken);
            db.Store(committee, null, now);
            return committee.ToProto();
        });
    }

    public override Task<V1.CommitteeInfo> ExtendTerm(V1.ExtendTermRequest request, ServerCallContext context)
    {
        var kind = request.Committee.ToKind();
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.ManageComposition(kind));
        var newEnd = CompositionMapping.RequiredDate(request.NewEnd, "new_end");
        return Change(kind, caller, request, request.IdempotencyKey, context, async now =>
        {
            var (committee, row) = await db.CommitteeOnAsync(kind, CommitteeClock.Today(now), context.CancellationToken);
            committee.ExtendTerm(newEnd, now);
            await db.RequireNoOverlapAsync(committee, context.CancellationToken);
            db.Store(committee, row, now);
            return committee.ToProto();
        });
    }

    public override Task<V1.Seat> Appoint(V1.AppointRequest request, ServerCallContext context)
    {
        var kind = request.Committee.ToKind();
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.ManageComposition(kind));
        var appointment = new NewAppointment(request.Subject, request.Name, request.Seat.ToDomain(), CompositionMapping.RequiredDate(request.From, "from"))
        {
            Until = CompositionMapping.OptionalDate(request.Until, "until"),
            Institution = request.Institution.ToDomain(),
            AgendaMember = request.AgendaMember,
            Topic = CompositionMapping.Text(request.Topic),
            RequestId = request.RequestId.Length == 0 ? null : CompositionMapping.Id(request.RequestId, "request_id"),
        };
        return Change(kind, caller, request, request.IdempotencyKey, context, async now =>
        {
            // The committee in force on the first day; a first day outside every term is checked against the one in
            // office today, so it is refused as an invalid "from", not reported as a missing committee.
            var all = await db.CommitteesAsync(kind, context.CancellationToken);
            var (committee, row) = all.LastOrDefault(x => x.Committee.Decree.InForceOn(appointment.From)) is { Committee: not null } on
                ? on
                : await db.CommitteeOnAsync(kind, CommitteeClock.Today(now), context.CancellationToken);
            var seat = committee.Appoint(Guid.NewGuid(), appointment);
            db.Store(committee, row, now);
            return seat.ToProto(committee);
        });
    }

    public override Task<V1.Seat> EndAppointment(V1.EndAppointmentRequest request, ServerCallContext context)
    {
        var kind = request.Committee.ToKind();
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.ManageComposition(kind));
        var id = CompositionMapping.Id(request.AppointmentId, "appointment_id");
        var lastDay = CompositionMapping.RequiredDate(request.LastDay, "last_day");
        return Change(kind, caller, request, request.IdempotencyKey, context, async now =>
        {
            var (committee, row) = await HoldingAsync(kind, id, context.CancellationToken);
            committee.EndAppointment(id, lastDay);
            db.Store(committee, row, now);
            return committee.Appointments.Single(a => a.Id == id).ToProto(committee);
        });
    }

    public override async Task<V1.Composition> GetComposition(V1.GetCompositionRequest request, ServerCallContext context)
    {
        CompositionPolicies.Table.Require(context, CompositionPolicies.ReadComposition);
        var kind = request.Committee.ToKind();
        var date = CompositionMapping.OptionalDate(request.AsOf, "as_of") ?? CommitteeClock.Today(time.GetUtcNow());
        var (committee, _) = await db.CommitteeOnAsync(kind, date, context.CancellationToken);
        var composition = new V1.Composition { Committee = committee.ToProto(), AsOf = CompositionMapping.Format(date) };
        composition.Seats.AddRange(committee.CompositionAsOf(date).Select(a => a.ToProto(committee)));
        return composition;
    }

    public override async Task<V1.CheckMembershipResponse> CheckMembership(V1.CheckMembershipRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var subject = request.Subject.Trim();
        var v = new Validator().Require(subject.Length is > 0 and <= CompositionLimits.MaxSubjectLength, "subject", "is required");
        var at = Timestamps.Filter(request.At, "at", v);
        v.ThrowIfInvalid();
        if (subject != caller.Subject)
        {
            // Anyone may ask about themselves; about others only services (on behalf of a user) and those who seat people.
            CompositionPolicies.Table.Require(context, CompositionPolicies.CheckAnyMembership);
        }
        var kind = request.Committee.ToKind();
        var seats = request.Seats.Select((s, i) => s.ToDomain($"seats[{i}]")).Distinct().ToList();
        var now = time.GetUtcNow();
        var answer = await membership.CheckAsync(subject, kind, seats, CommitteeClock.Today(at ?? now), cacheable: request.At is null, context.CancellationToken);
        return new V1.CheckMembershipResponse
        {
            Member = answer.Member,
            Seat = answer.Seat?.ToProto() ?? V1.SeatKind.Unspecified,
            HasVote = answer.HasVote,
            CommitteeId = answer.CommitteeId?.ToString() ?? "",
            Until = CompositionMapping.Format(answer.Until),
        };
    }

    public override Task<V1.Seat> DeclareInterests(V1.DeclareInterestsRequest request, ServerCallContext context)
    {
        var kind = request.Committee.ToKind();
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.DeclareAsMember);
        return Change(kind, caller, request, request.IdempotencyKey, context, async now =>
        {
            var today = CommitteeClock.Today(now);
            var (committee, row) = await db.CommitteeOnAsync(kind, today, context.CancellationToken);
            var subject = committee.Declarant(caller.Subject, request.Subject, today);
            committee.DeclareInterests(subject, request.Interests, today);
            db.Store(committee, row, now);
            return committee.SeatOf(subject, today)!.ToProto(committee);
        });
    }

    public override Task<V1.Seat> DeclareConflict(V1.DeclareConflictRequest request, ServerCallContext context)
    {
        var kind = request.Committee.ToKind();
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.DeclareAsMember);
        var requestId = CompositionMapping.Id(request.RequestId, "request_id");
        return Change(kind, caller, request, request.IdempotencyKey, context, async now =>
        {
            var today = CommitteeClock.Today(now);
            var (committee, row) = await db.CommitteeOnAsync(kind, today, context.CancellationToken);
            var subject = committee.Declarant(caller.Subject, request.Subject, today);
            await RequireOnDeskAsync(kind, requestId, context.CancellationToken);
            committee.DeclareConflict(subject, requestId, request.Reason, now);
            db.Store(committee, row, now);
            return committee.SeatOf(subject, today)!.ToProto(committee);
        });
    }

    public override Task<V1.Seat> ActForSeat(V1.ActForSeatRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.AppointSubstitute);
        var appointmentId = CompositionMapping.Id(request.AppointmentId, "appointment_id");
        var requestId = CompositionMapping.Id(request.RequestId, "request_id");
        return Change(Committee.MIT, caller, request, request.IdempotencyKey, context, async now =>
        {
            var today = CommitteeClock.Today(now);
            var (committee, row) = await db.CommitteeOnAsync(Committee.MIT, today, context.CancellationToken);
            await RequireOnDeskAsync(Committee.MIT, requestId, context.CancellationToken);
            committee.ActFor(appointmentId, requestId, today);
            db.Store(committee, row, now);
            return committee.Appointments.Single(a => a.Id == appointmentId).ToProto(committee);
        });
    }

    public override Task<V1.AdoptedAdvice> AdoptAdvice(V1.AdoptAdviceRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.AdoptMitAdvice);
        var requestId = CompositionMapping.Id(request.RequestId, "request_id");
        var votes = request.Votes.Select((vote, i) => vote.ToDomain(i)).ToList();
        return Adopt(Committee.MIT, caller, request, request.IdempotencyKey, requestId, context, (committee, now) =>
            committee.AdoptAdvice(requestId, request.DocumentDigest, request.Summary, now, caller.Subject, votes, request.UnanimousConsensus));
    }

    public override Task<V1.AdoptedAdvice> RecordConsensus(V1.RecordConsensusRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.RecordOmtConsensus);
        var requestId = CompositionMapping.Id(request.RequestId, "request_id");
        return Adopt(Committee.OMT, caller, request, request.IdempotencyKey, requestId, context, (committee, now) =>
            committee.AdoptByConsensus(requestId, request.DocumentDigest, request.Summary, now, caller.Subject, CompositionMapping.Text(request.Dissent)));
    }

    public override async Task<V1.AdviceOnRequest> GetAdvice(V1.GetAdviceRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.ReadAdvice);
        var requestId = CompositionMapping.Id(request.RequestId, "request_id");
        var now = time.GetUtcNow();
        var (seal, _) = await db.SealAsync(requestId, context.CancellationToken);
        var deadline = await DeadlineAsync(requestId, context.CancellationToken)
            ?? throw new NotFoundException($"Joint request {requestId} is not on a committee desk.");
        seal ??= AdviceSeal.Open(requestId, deadline);
        var views = CompositionPolicies.IsMit(caller) ? seal.VisibleTo(Committee.MIT, now)
            : CompositionPolicies.IsOmt(caller) ? seal.VisibleTo(Committee.OMT, now)
            : seal.VisibleToMinistries(now);
        var response = new V1.AdviceOnRequest { RequestId = requestId.ToString(), Deadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(seal.Deadline) };
        response.Advice.AddRange(views.Select(x => x.ToProto()));
        if (seal.RevealedAt is { } revealed)
        {
            response.RevealedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(revealed);
        }
        return response;
    }

    public override Task<V1.UnsolicitedAdvice> OpenUnsolicitedAdvice(V1.OpenUnsolicitedAdviceRequest request, ServerCallContext context)
    {
        var kind = request.Committee.ToKind();
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.OpenUnsolicited(kind));
        var related = request.RelatedRequestIds.Select((r, i) => CompositionMapping.Id(r, $"related_request_ids[{i}]")).ToList();
        return Change(kind, caller, request, request.IdempotencyKey, context, async now =>
        {
            var (committee, row) = await db.CommitteeOnAsync(kind, CommitteeClock.Today(now), context.CancellationToken);
            var advice = committee.OpenUnsolicited(Guid.NewGuid(), request.Title, request.Question, request.Reason, related,
                request.WorkProgrammeItem, caller.Subject, now);
            db.Store(committee, row, now);
            return advice.ToProto(committee);
        });
    }

    public override async Task<V1.UnsolicitedAdvice> AdoptUnsolicitedAdvice(V1.AdoptUnsolicitedAdviceRequest request, ServerCallContext context)
    {
        CompositionPolicies.Table.Require(context, CompositionPolicies.AdoptUnsolicitedAny);
        var id = CompositionMapping.Id(request.AdviceId, "advice_id");
        var votes = request.Votes.Select((vote, i) => vote.ToDomain(i)).ToList();
        var (found, _) = await UnsolicitedAsync(id, context.CancellationToken);
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.AdoptUnsolicited(found.Kind));
        return await Change(found.Kind, caller, request, request.IdempotencyKey, context, async now =>
        {
            var (committee, row) = await UnsolicitedAsync(id, context.CancellationToken);
            committee.AdoptUnsolicited(id, request.DocumentDigest, request.Summary, now, caller.Subject, votes, request.UnanimousConsensus,
                CompositionMapping.Text(request.Dissent));
            db.Store(committee, row, now);
            return committee.FindUnsolicited(id)!.ToProto(committee);
        });
    }

    public override async Task<V1.UnsolicitedAdvice> GetUnsolicitedAdvice(V1.GetUnsolicitedAdviceRequest request, ServerCallContext context)
    {
        var caller = CompositionPolicies.Table.Require(context, CompositionPolicies.ReadUnsolicited);
        var id = CompositionMapping.Id(request.AdviceId, "advice_id");
        var (committee, _) = await UnsolicitedAsync(id, context.CancellationToken);
        if (committee.Kind == Committee.MIT ? !CompositionPolicies.IsMit(caller) : !CompositionPolicies.IsOmt(caller))
        {
            // The other committee hears of it on its desk when it goes to the ministry, not before.
            throw new NotFoundException($"No unsolicited advice {id}.");
        }
        return committee.FindUnsolicited(id)!.ToProto(committee);
    }

    private async Task<(CommitteeAggregate, CompositionDocument)> UnsolicitedAsync(Guid id, CancellationToken ct)
    {
        foreach (var kind in new[] { Committee.MIT, Committee.OMT })
        {
            if ((await db.CommitteesAsync(kind, ct)).LastOrDefault(x => x.Committee.FindUnsolicited(id) is not null) is { Committee: not null } found)
            {
                return found;
            }
        }
        throw new NotFoundException($"No unsolicited advice {id}.");
    }

    /// <summary>Adopts on the committee in office and records it in the request's seal, in one transaction.</summary>
    private Task<V1.AdoptedAdvice> Adopt(Committee kind, Caller caller, IMessage request, string idempotencyKey, Guid requestId, ServerCallContext context,
        Func<CommitteeAggregate, DateTimeOffset, Adoption> adopt, [System.Runtime.CompilerServices.CallerMemberName] string method = "") =>
        Change(kind, caller, request, idempotencyKey, context, async now =>
        {
            var (committee, row) = await db.CommitteeOnAsync(kind, CommitteeClock.Today(now), context.CancellationToken);
            var deadline = await RequireOnDeskAsync(kind, requestId, context.CancellationToken);
            var adoption = adopt(committee, now);
            var (seal, sealRow) = await db.SealAsync(requestId, context.CancellationToken);
            seal ??= AdviceSeal.Open(requestId, deadline);
            seal.RecordAdoption(adoption, now);
            // The adoption's event goes out before the reveal it may cause, and says whether it is late.
            db.Store(committee, row, now, seal);
            db.Store(seal, sealRow, now);
            var adopted = adoption.ToProto(committee);
            adopted.Late = seal.IsLate(kind);
            return adopted;
        }, method);

    /// <summary>Once per idempotency key: the change, its events and the answer in one transaction; then every replica's cached memberships are stale.</summary>
    private async Task<TResponse> Change<TResponse>(Committee kind, Caller caller, IMessage request, string idempotencyKey, ServerCallContext context,
        Func<DateTimeOffset, Task<TResponse>> change, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
        where TResponse : IMessage<TResponse>, new()
    {
        var response = await db.RunOnceAsync(caller, method, idempotencyKey, request, time, () => change(time.GetUtcNow()), context.CancellationToken);
        await membership.InvalidateAfterChangeAsync(kind);
        return response;
    }

    private async Task<(CommitteeAggregate, CompositionDocument)> HoldingAsync(Committee kind, Guid appointmentId, CancellationToken ct) =>
        (await db.CommitteesAsync(kind, ct)).LastOrDefault(x => x.Committee.Appointments.Any(a => a.Id == appointmentId)) is { Committee: not null } found
            ? found
            : throw new NotFoundException($"No appointment {appointmentId} in any {kind}.");

    /// <summary>The request's deadline, if it was released to this committee's desk; NotFound otherwise.</summary>
    private async Task<DateTimeOffset> RequireOnDeskAsync(Committee kind, Guid requestId, CancellationToken ct) =>
        await DeadlineAsync(requestId, ct, kind) ?? throw new NotFoundException($"Joint request {requestId} is not on the {kind} desk.");

    private async Task<DateTimeOffset?> DeadlineAsync(Guid requestId, CancellationToken ct, Committee? kind = null)
    {
        var released = db.DeskEntries.AsNoTracking().Where(d => d.RequestId == requestId && d.Kind == DeskEntryKind.Released);
        if (kind is { } k)
        {
            released = released.Where(d => d.Committee == k);
        }
        var latest = await released.OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        return latest?.Deadline;
    }
}
