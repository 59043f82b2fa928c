using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Messaging;
using Mit.Platform.Contracts;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Messaging;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Publication's and Briefings' inboxes take their messages in batches, one transaction each. A batch is handed to
/// the writer as the batching consumer hands it, with messages in the order the broker could deliver them: early,
/// twice, and one that cannot be applied.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class InboxBatchTests(PlatformFixture platform)
{
    private static BatchItem Item(object message, Guid? id = null) => new(id ?? Guid.NewGuid(), message);

    private async Task<IReadOnlyList<Exception?>> HandAsync<TWriter>(params BatchItem[] batch) where TWriter : IBatchHandler
    {
        await using var scope = platform.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TWriter>().HandleAsync(batch, CancellationToken.None);
    }

    private async Task<T> ReadAsync<TContext, T>(Func<TContext, Task<T>> read) where TContext : DbContext
    {
        await using var scope = platform.Host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    [Fact]
    public async Task A_publication_batch_applies_each_message_once_stores_each_dossier_once_and_fails_only_the_message_that_cannot_apply()
    {
        var requestId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var omt = Dossiers.Adoption(requestId.ToString(), "OMT", Dossiers.Text("OMT advice"));
        var mit = Dossiers.Adoption(requestId.ToString(), "MIT", Dossiers.Text("MIT advice"));
        var omtId = Guid.NewGuid();
        var batch = new[]
        {
            // Adoptions before the release, the OMT's delivered twice.
            Item(omt, omtId), Item(omt, omtId), Item(mit),
            Item(new JointAdviceRequestReleased(requestId, 1, new string('a', 64), "Batched request", true, now, now.AddDays(7), "SZW", "VWS")),
            Item(new CommitteeAdviceRevealed(requestId, ["MIT", "OMT"], now)),
            // A standby signal whose id is this joint request's dossier: it cannot apply there.
            Item(new StandbySignalRaised(Guid.NewGuid(), requestId, "OwnInitiative", null, null, "Rationale", now, now.AddDays(14))),
        };

        var outcomes = await HandAsync<PublicationInboxWriter>(batch);

        Assert.All(outcomes.Take(5), Assert.Null);
        Assert.NotNull(outcomes[5]);
        var row = await ReadAsync<PublicationDbContext, DossierRow>(db => db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == requestId));
        Assert.Equal(1, row.Revision);
        var dossier = PublicationDbContext.Deserialize(row);
        Assert.Equal("Batched request", dossier.Title);
        Assert.Equal(2, dossier.Documents.Count(d => d.Type == Publication.Domain.DocumentType.Advice));
        Assert.Equal(2, dossier.Revealed.Count);
        var ids = batch.Select(b => b.MessageId).ToList();
        var inbox = await ReadAsync<PublicationDbContext, List<Guid>>(db =>
            db.InboxRecords.Where(r => r.Consumer == PublicationInboxWriter.Name && ids.Contains(r.MessageId)).Select(r => r.MessageId).ToListAsync());
        Assert.Equal(ids.Take(5).Distinct().Order(), inbox.Order());

        // The same batch again (a redelivery): the applied messages are repeats, the failing one fails again.
        var again = await HandAsync<PublicationInboxWriter>(batch);
        Assert.All(again.Take(5), Assert.Null);
        Assert.NotNull(again[5]);
        Assert.Equal(1, (await ReadAsync<PublicationDbContext, DossierRow>(db => db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == requestId))).Revision);
    }

    [Fact]
    public async Task A_briefings_batch_knows_each_request_once_and_a_reveal_before_its_release_keeps_the_request_closed()
    {
        var revealedFirst = Guid.NewGuid();
        var released = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        JointAdviceRequestReleased Release(Guid id, int version, string title) =>
            new(id, version, new string('b', 64), title, false, now, now.AddDays(14), "SZW", "VWS");
        var twice = Guid.NewGuid();

        var outcomes = await HandAsync<BriefingsInboxWriter>(
            Item(new CommitteeAdviceRevealed(revealedFirst, ["MIT", "OMT"], now)),
            Item(Release(revealedFirst, 1, "Revealed before its release")),
            Item(Release(released, 1, "First version"), twice),
            Item(Release(released, 1, "First version"), twice),
            Item(Release(released, 2, "Amended")));

        Assert.All(outcomes, Assert.Null);
        var rows = await ReadAsync<BriefingsDbContext, List<ReleasedRequestRow>>(db =>
            db.Requests.AsNoTracking().Where(r => r.RequestId == revealedFirst || r.RequestId == released).ToListAsync());
        var closed = rows.Single(r => r.RequestId == revealedFirst);
        Assert.Equal(("Revealed before its release", 1), (closed.Title, closed.Version));
        Assert.NotNull(closed.ClosedAtTicks);
        var open = rows.Single(r => r.RequestId == released);
        Assert.Equal(("Amended", 2), (open.Title, open.Version));
        Assert.Null(open.ClosedAtTicks);
    }

    [Fact]
    public async Task A_reveal_delivered_again_ends_a_consent_its_first_delivery_did_not_end()
    {
        var b = new BriefingsDriver(platform);
        var request = await platform.ReleasedOnBothDesks();
        await b.AddAsync(request.Id);
        await b.ConsentAsync(request.Id, SharingAudience.WithSecretariat);
        var requestId = Guid.Parse(request.Id);
        var reveal = Item(new CommitteeAdviceRevealed(requestId, ["MIT", "OMT"], DateTimeOffset.UtcNow));
        // The first delivery stored the close and its inbox record, then failed before the consent ended.
        await ReadAsync<BriefingsDbContext, int>(async db =>
        {
            db.InboxRecords.Add(new InboxRecord { MessageId = reveal.MessageId, Consumer = BriefingsInboxWriter.Name, ProcessedAt = DateTimeOffset.UtcNow });
            (await db.Requests.SingleAsync(r => r.RequestId == requestId)).ClosedAtTicks = DateTimeOffset.UtcNow.UtcTicks;
            return await db.SaveChangesAsync();
        });

        var outcomes = await HandAsync<BriefingsInboxWriter>(reveal);

        Assert.Null(Assert.Single(outcomes));
        var sharing = await b.As("omt-chair").GetSharingAsync(new GetSharingRequest { RequestId = request.Id });
        Assert.Equal(SharingState.Expired, sharing.State);
        var records = (await b.As("auditor").ListAuditRecordsAsync(new ListAuditRecordsRequest { RequestId = request.Id, PageSize = 1000 })).Records;
        Assert.Single(records, r => r.Action == "expire-consent" && r.Actor == "system");
    }
}
