using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Domain;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Publication.Api;

/// <summary>Maps calls to the Dossier aggregate and decides who may make them.</summary>
public sealed class PublicationApi(PublicationDbContext db, TimeProvider time) : V1.Publication.PublicationBase
{
    private const int MaxPageSize = 100;

    public override async Task<V1.Dossier> GetDossier(V1.GetDossierRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.ReadDossiers);
        var (dossier, _) = await db.LoadAsync(Mapping.ParseId(request.DossierId, "dossier_id"), context.CancellationToken);
        if (!MaySee(caller, dossier))
        {
            throw new NotFoundException($"Dossier {request.DossierId} does not exist.");
        }
        return dossier.ToProto(Viewer(caller));
    }

    public override async Task<V1.ListDossiersResponse> ListDossiers(V1.ListDossiersRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.ReadDossiers);
        var (offset, size) = Page(request.PageSize, request.PageToken);
        var query = db.Dossiers.AsNoTracking();
        if (Viewer(caller) == Committee.OMT)
        {
            string[] kinds = [nameof(DossierKind.JointAdvice), nameof(DossierKind.UnsolicitedAdvice), nameof(DossierKind.CabinetResponse)];
            query = query.Where(r => kinds.Contains(r.Kind));
        }
        var rows = await query.OrderByDescending(r => r.CreatedAtTicks).ThenBy(r => r.Id)
            .Skip(offset).Take(size + 1).ToListAsync(context.CancellationToken);
        var response = new V1.ListDossiersResponse { NextPageToken = NextToken(rows.Count, offset, size) };
        // The other committee's unsolicited advice is left out of the page until it went to its ministry.
        response.Dossiers.AddRange(rows.Take(size).Select(PublicationDbContext.Deserialize).Where(d => MaySee(caller, d)).Select(d => d.ToProto(Viewer(caller))));
        return response;
    }

    public override Task<V1.Dossier> UploadAdviceDocument(V1.UploadAdviceDocumentRequest request, ServerCallContext context)
    {
        PublicationPolicies.Table.Require(context, PublicationPolicies.UploadAdviceAny);
        var committee = request.Committee.RequireCommittee();
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.UploadAdvice(committee));
        RequireSize(request.Content.Length);
        var id = Mapping.ParseId(request.RequestId, "request_id");
        return Change(caller, request.IdempotencyKey, request, id, (d, now) =>
            d.UploadAdviceText(committee, request.Title, request.MediaType, request.Content.ToByteArray(), caller.Subject), context);
    }

    public override Task<V1.Dossier> UploadReflection(V1.UploadReflectionRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.UploadReflection);
        RequireSize(request.Content.Length);
        var id = Mapping.ParseId(request.RequestId, "request_id");
        return Change(caller, request.IdempotencyKey, request, id, (d, _) =>
            d.AddReflection(request.Title, request.MediaType, request.Content.ToByteArray(), caller.Subject), context);
    }

    public override Task<V1.Dossier> UploadWorkProgramme(V1.UploadWorkProgrammeRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.UploadWorkProgramme);
        RequireSize(request.Content.Length);
        return db.RunOnceAsync(caller, nameof(UploadWorkProgramme), request.IdempotencyKey, request, time, async () =>
        {
            var dossier = Dossier.WorkProgramme(Guid.NewGuid(), request.Title, request.MediaType, request.Content.ToByteArray(), caller.Subject, time.GetUtcNow());
            await db.StoreAsync(dossier, null, context.CancellationToken);
            return dossier.ToProto(Viewer(caller));
        }, context.CancellationToken);
    }

    public override Task<V1.Dossier> RecordSentToPrincipal(V1.RecordSentToPrincipalRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.SendToPrincipalAny);
        var (dossierId, documentId) = Ids(request.DossierId, request.DocumentId);
        return Change(caller, request.IdempotencyKey, request, dossierId, (d, now) => d.SendToPrincipal(documentId, caller.Subject, now), context,
            documentId, document =>
                // MIT advice and work programmes are the MIT's to send; OMT advice the OMT's.
                PublicationPolicies.Table.Require(context, PublicationPolicies.SendToPrincipal(document.Committee ?? Committee.MIT)));
    }

    public override Task<V1.Dossier> RecordSentToParliament(V1.RecordSentToParliamentRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.PublicationOfficer);
        var (dossierId, documentId) = Ids(request.DossierId, request.DocumentId);
        new Validator().Require(request.SentAt is not null, "sent_at", "is required: when the Kamerbrief went to parliament").ThrowIfInvalid();
        return Change(caller, request.IdempotencyKey, request, dossierId, (d, now) =>
            d.SendToParliament(documentId, request.KamerbriefReference, Timestamps.Moment(request.SentAt, "sent_at", now, Timestamps.MaxAhead)!.Value, caller.Subject, now),
            context, documentId);
    }

    public override Task<V1.Dossier> RecordNoAdvice(V1.RecordNoAdviceRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.PublicationOfficer);
        var id = Mapping.ParseId(request.RequestId, "request_id");
        var committee = request.Committee.RequireCommittee();
        return Change(caller, request.IdempotencyKey, request, id, (d, now) => d.RecordNoAdvice(committee, request.Reason, caller.Subject, now), context);
    }

    public override Task<V1.Dossier> PublishDossier(V1.PublishDossierRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.PublicationOfficer);
        var id = Mapping.ParseId(request.DossierId, "dossier_id");
        return Change(caller, request.IdempotencyKey, request, id, (d, now) => d.Publish(caller.Subject, now), context);
    }

    public override Task<V1.Dossier> WithdrawDocument(V1.WithdrawDocumentRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.PublicationOfficer);
        var (dossierId, documentId) = Ids(request.DossierId, request.DocumentId);
        return Change(caller, request.IdempotencyKey, request, dossierId, (d, now) => d.Withdraw(documentId, request.Reason, caller.Subject, now), context, documentId);
    }

    public override Task<V1.Dossier> CorrectDocument(V1.CorrectDocumentRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.CorrectAny);
        var (dossierId, documentId) = Ids(request.DossierId, request.DocumentId);
        RequireSize(request.Content.Length);
        return Change(caller, request.IdempotencyKey, request, dossierId, (d, _) =>
            d.Correct(documentId, request.MediaType, request.Content.ToByteArray(), request.Note, caller.Subject), context, documentId, old =>
            {
                if (!PublicationPolicies.MayAuthor(caller, old.Type, old.Committee))
                {
                    throw new AccessDeniedException($"Not allowed: correct a {old.Type} of the {old.Committee}.");
                }
            });
    }

    public override Task<V1.Dossier> RecordCabinetResponse(V1.RecordCabinetResponseRequest request, ServerCallContext context)
    {
        var caller = PublicationPolicies.Table.Require(context, PublicationPolicies.RecordCabinetResponse);
        RequireSize(request.Content.Length);
        var v = new Validator().Require(request.RespondedAt is not null, "responded_at", "is required: the date of the cabinet's response");
        var answers = request.Answers.Select((a, i) =>
        {
            v.Require(Guid.TryParse(a.DossierId, out var dossier), $"answers[{i}].dossier_id", "must be an id (UUID)")
             .Require(Guid.TryParse(a.DocumentId, out var document), $"answers[{i}].document_id", "must be an id (UUID)");
            return (Dossier: dossier, Document: document);
        }).ToList();
        v.ThrowIfInvalid();
        return db.RunOnceAsync(caller, nameof(RecordCabinetResponse), request.IdempotencyKey, request, time, async () =>
        {
            var now = time.GetUtcNow();
            var respondedAt = Timestamps.Moment(request.RespondedAt, "responded_at", now, Timestamps.MaxAhead)!.Value;
            var sentAt = Timestamps.Moment(request.SentAt, "sent_at", now, Timestamps.MaxAhead);
            var loaded = new Dictionary<Guid, (Dossier Dossier, DossierRow Row)>();
            foreach (var id in answers.Select(a => a.Dossier).Distinct())
            {
                loaded[id] = await db.LoadAsync(id, context.CancellationToken);
            }
            var response = Dossier.CabinetResponse(Guid.NewGuid(), PublicationPolicies.MinistryOf(caller), answers.Select(a => (loaded[a.Dossier].Dossier, a.Document)).ToList(),
                request.Title, request.MediaType, request.Content.ToByteArray(), respondedAt, request.KamerbriefReference, sentAt, caller.Subject, now);
            // The response and the advice it answers, linked both ways, in one transaction.
            foreach (var (dossier, row) in loaded.Values)
            {
                await db.StoreAsync(dossier, row, context.CancellationToken);
            }
            await db.StoreAsync(response, null, context.CancellationToken);
            return response.ToProto(Viewer(caller));
        }, context.CancellationToken);
    }

    /// <summary>
    /// Load, apply one domain operation, store with its bytes and public record — once per idempotency key. A call on
    /// one document first passes <paramref name="authorize"/> (who may act on that document), then must see it.
    /// </summary>
    private Task<V1.Dossier> Change(Caller caller, string idempotencyKey, Google.Protobuf.IMessage request, Guid dossierId,
        Action<Dossier, DateTimeOffset> operation, ServerCallContext context, Guid? document = null, Action<Document>? authorize = null,
        [System.Runtime.CompilerServices.CallerMemberName] string method = "")
        => db.RunOnceAsync(caller, method, idempotencyKey, request, time, async () =>
        {
            var now = time.GetUtcNow();
            var (dossier, row) = await db.LoadAsync(dossierId, context.CancellationToken);
            if (document is { } documentId)
            {
                var target = dossier.Find(documentId);
                authorize?.Invoke(target);
                if (Viewer(caller) is { } viewer && !dossier.VisibleTo(target, viewer))
                {
                    // A member acts on what their committee may see; another committee's sealed advice does not exist for them.
                    throw new NotFoundException($"Document {documentId} is not in dossier {dossier.Id}.");
                }
            }
            operation(dossier, now);
            await db.StoreAsync(dossier, row, context.CancellationToken);
            return dossier.ToProto(Viewer(caller));
        }, context.CancellationToken);

    /// <summary>
    /// The MIT's work programmes and standby signals are not the OMT's business; a committee's unsolicited advice
    /// reaches the other committee when it goes to its ministry (as its desk entry does).
    /// </summary>
    private static bool MaySee(Caller caller, Dossier dossier) => Viewer(caller) is not { } viewer || dossier.Kind switch
    {
        DossierKind.JointAdvice or DossierKind.CabinetResponse => true,
        DossierKind.UnsolicitedAdvice => dossier.Committee == viewer
            || dossier.Documents.Any(d => d.Type == DocumentType.Advice && d.State is not (DocumentState.AwaitingText or DocumentState.Draft)),
        _ => viewer != Committee.OMT,
    };

    private static Committee? Viewer(Caller caller) => PublicationPolicies.SeesAll(caller) ? null : PublicationPolicies.CommitteeOf(caller);

    private static (Guid Dossier, Guid Document) Ids(string dossierId, string documentId)
    {
        var v = new Validator()
            .Require(Guid.TryParse(dossierId, out var dossier), "dossier_id", "must be an id (UUID)")
            .Require(Guid.TryParse(documentId, out var document), "document_id", "must be an id (UUID)");
        v.ThrowIfInvalid();
        return (dossier, document);
    }

    private static void RequireSize(int length)
    {
        if (length > DocumentLimits.MaxDocumentBytes)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"The document is {length} bytes; at most {DocumentLimits.MaxDocumentBytes} bytes are accepted."));
        }
    }

    /// <summary>Offset paging; the violations join those already in <paramref name="validator"/>, all reported at once.</summary>
    internal static (int Offset, int Size) Page(int pageSize, string pageToken, Validator? validator = null)
    {
        var offset = 0;
        (validator ?? new Validator())
            .Require(pageSize is >= 0 and <= MaxPageSize, "page_size", $"must be between 0 and {MaxPageSize}")
            .Require(pageToken.Length == 0 || (int.TryParse(pageToken, out offset) && offset >= 0), "page_token", "is not a token from an earlier page")
            .ThrowIfInvalid();
        return (offset, pageSize == 0 ? 50 : pageSize);
    }

    internal static string NextToken(int rows, int offset, int size) =>
        rows > size ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
}
