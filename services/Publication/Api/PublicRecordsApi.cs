using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Domain;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Publication.Api;

/// <summary>
/// The anonymous read API. It queries only the public record (published_documents), never the dossiers, so a draft,
/// an advice not yet sent to parliament or a withdrawn document's content cannot be reached, nor their ids confirmed.
/// </summary>
public sealed class PublicRecordsApi(PublicationDbContext db, TimeProvider time, CabinetResponseTerm term) : V1.PublicRecords.PublicRecordsBase
{
    public override async Task<V1.ListPublishedResponse> ListPublished(V1.ListPublishedRequest request, ServerCallContext context)
    {
        var v = new Validator();
        Guid? requestId = null;
        if (request.RequestId.Length > 0)
        {
            v.Require(Guid.TryParse(request.RequestId, out var id), "request_id", "must be an id (UUID)");
            requestId = id;
        }
        var committee = request.Committee.ToDomain();
        v.Require(request.Committee == V1.Committee.Unspecified || committee is not null, "committee", "is not a committee");
        var type = request.Type.ToDomain();
        v.Require(request.Type == V1.DocumentType.Unspecified || type is not null, "type", "is not a document type");
        var publishedFrom = Timestamps.Filter(request.PublishedFrom, "published_from", v);
        var publishedUntil = Timestamps.Filter(request.PublishedUntil, "published_until", v);
        v.Require(publishedFrom is null || publishedUntil is null || publishedFrom <= publishedUntil, "published_from", "must not be after published_until");
        v.Require(Enum.IsDefined(request.Response), "response", "is not a response filter");
        var (offset, size) = PublicationApi.Page(request.PageSize, request.PageToken, v);

        var query = db.Published.AsNoTracking();
        if (requestId is { } r)
        {
            query = query.Where(p => p.RequestId == r);
        }
        if (committee is { } c)
        {
            var name = c.ToString();
            query = query.Where(p => p.Committee == name);
        }
        if (type is { } t)
        {
            var name = t.ToString();
            query = query.Where(p => p.Type == name);
        }
        if (publishedFrom is { } fromMoment)
        {
            var from = fromMoment.UtcTicks;
            query = query.Where(p => p.PublishedAtTicks >= from);
        }
        if (publishedUntil is { } untilMoment)
        {
            var until = untilMoment.UtcTicks;
            query = query.Where(p => p.PublishedAtTicks <= until);
        }
        if (request.Response != V1.ResponseFilter.Unspecified)
        {
            // Advice with or without a published cabinet response (its first version: the one the wait counts for).
            var waiting = request.Response == V1.ResponseFilter.Waiting;
            query = query.Where(p => p.AdvisedAtTicks != null && (p.AnsweredBy == null) == waiting);
        }
        var rows = await query.OrderByDescending(p => p.PublishedAtTicks).ThenBy(p => p.Id).Skip(offset).Take(size + 1).ToListAsync(context.CancellationToken);
        var response = new V1.ListPublishedResponse { NextPageToken = PublicationApi.NextToken(rows.Count, offset, size) };
        var now = time.GetUtcNow();
        response.Documents.AddRange(rows.Take(size).Select(p => p.ToProto(term, now)));
        return response;
    }

    public override async Task<V1.PublishedDocument> GetPublished(V1.GetPublishedRequest request, ServerCallContext context) =>
        (await FindAsync(request.DocumentId, context.CancellationToken)).ToProto(term, time.GetUtcNow());

    public override async Task<V1.PublishedContent> GetPublishedContent(V1.GetPublishedRequest request, ServerCallContext context)
    {
        var row = await FindAsync(request.DocumentId, context.CancellationToken);
        if (row.WithdrawnAtTicks is not null)
        {
            throw new NotFoundException($"Document {row.Id} was withdrawn: {row.WithdrawalReason}");
        }
        var content = await db.Contents.AsNoTracking().SingleOrDefaultAsync(c => c.DocumentId == row.Id, context.CancellationToken)
            ?? throw new NotFoundException($"Document {row.Id} has no content of its own (it is a notice).");
        return new V1.PublishedContent
        {
            DocumentId = row.Id.ToString(),
            MediaType = row.MediaType,
            Sha256 = row.Sha256,
            Content = Google.Protobuf.ByteString.CopyFrom(content.Content),
        };
    }

    private async Task<PublishedDocumentRow> FindAsync(string documentId, CancellationToken ct)
    {
        var id = Mapping.ParseId(documentId, "document_id");
        return await db.Published.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException($"No published document {id}.");
    }
}
