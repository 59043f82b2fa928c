using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Mit.Platform.Contracts;
using Mit.Platform.V1;
using static Mit.Platform.SystemTests.Publications;

namespace Mit.Platform.SystemTests;

/// <summary>
/// Publication's inbox on a real RabbitMQ: an adoption delivered before its request's release and delivered twice,
/// and a release that arrives while the Publication process is down, all end in one dossier with each adoption
/// once; the joint publication then reaches the anonymous record. The adoptions are published on the broker as
/// Committees publishes them, so the order can be chosen.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class PublicationInboxSystemTests(DistributedPlatform platform)
{
    private Task PublishOnBrokerAsync<T>(T message, Guid messageId) where T : class =>
        Releases.OnBrokerAsync(platform, bus => bus.Publish(message, context => context.MessageId = messageId));

    private static CommitteeAdviceAdopted Adoption(Guid requestId, string committee, byte[] text) => new(
        Guid.NewGuid(), committee, requestId, Sha256(text), $"{committee} summary", DateTimeOffset.UtcNow, committee == "MIT" ? "Vote" : "Consensus",
        committee == "MIT" ? 2 : 0, 0, 0, null, new AdoptionComposition(DateOnly.FromDateTime(DateTime.UtcNow), [], [], [], [], [], []));

    [Fact]
    public async Task Early_duplicate_adoptions_and_a_release_while_Publication_is_down_end_in_one_published_dossier()
    {
        var officer = new V1.Publication.PublicationClient(platform.Cluster.As("szw-publication"));
        var draft = await platform.Szw.DraftRequestAsync(new DraftRequestRequest
        {
            IdempotencyKey = Key(), CoSigningMinistry = Ministry.Vws,
            Content = new RequestContent { Title = "Travellers from region X", Question = "Which measures are proportionate?", Urgency = Urgency.Urgent },
        });
        var requestId = Guid.Parse(draft.Id);
        var mitText = Encoding.UTF8.GetBytes("MIT advice " + Guid.NewGuid());
        var omtText = Encoding.UTF8.GetBytes("OMT advice " + Guid.NewGuid());

        // The OMT's adoption arrives first and twice (a redelivery: same message id), the MIT's too, before the release.
        var omtMessage = Guid.NewGuid();
        await PublishOnBrokerAsync(Adoption(requestId, "OMT", omtText), omtMessage);
        await PublishOnBrokerAsync(Adoption(requestId, "OMT", omtText), omtMessage);
        await PublishOnBrokerAsync(Adoption(requestId, "MIT", mitText), Guid.NewGuid());
        // Both adopted: Committees reveals both; until then neither goes to its principal.
        await PublishOnBrokerAsync(new CommitteeAdviceRevealed(requestId, ["MIT", "OMT"], DateTimeOffset.UtcNow), Guid.NewGuid());
        await Eventually(() => officer.GetDossierAsync(new GetDossierRequest { DossierId = draft.Id }).ResponseAsync,
            d => d.Documents.Count == 2 && d.Documents.All(x => !x.Sealed), "both adoptions and the reveal in the dossier");

        // The release happens while Publication is down; the durable queue keeps it.
        await platform.Cluster.Publication.KillAsync();
        var version = draft.Pending ?? draft.Current;
        await platform.Vws.CoSignAsync(new CoSignRequest { IdempotencyKey = Key(), RequestId = draft.Id, Version = version.Number, Digest = version.Digest });
        await platform.Cluster.Publication.StartAsync();
        var dossier = await Eventually(() => officer.GetDossierAsync(new GetDossierRequest { DossierId = draft.Id }).ResponseAsync,
            d => d.Title == "Travellers from region X", "the release recorded after the restart");
        Assert.Equal(2, dossier.Documents.Count);
        Assert.Equal(2, dossier.Documents.Select(d => d.Committee).Distinct().Count());

        foreach (var (committee, secretariat, sender, text) in new[] { (Committee.Mit, "mit-secretariat", "mit-chair", mitText), (Committee.Omt, "omt-secretary", "omt-chair", omtText) })
        {
            var id = dossier.Documents.Single(d => d.Committee == committee).Id;
            await new V1.Publication.PublicationClient(platform.Cluster.As(secretariat)).UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
            { IdempotencyKey = Key(), RequestId = draft.Id, Committee = committee, MediaType = "text/plain", Content = ByteString.CopyFrom(text) });
            await new V1.Publication.PublicationClient(platform.Cluster.As(sender)).RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest
            { IdempotencyKey = Key(), DossierId = draft.Id, DocumentId = id });
            await officer.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
            {
                IdempotencyKey = Key(), DossierId = draft.Id, DocumentId = id, KamerbriefReference = "Kamerstuk 25295, nr. 2030",
                SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            });
        }
        await officer.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Key(), DossierId = draft.Id });

        using var web = new HttpClient { BaseAddress = platform.Cluster.WebAddress };
        var body = await web.GetStringAsync(new Uri($"public/v1/documents?request_id={draft.Id}", UriKind.Relative));
        var documents = JsonDocument.Parse(body).RootElement.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(2, documents.Count);
        Assert.Single(documents.Select(d => d.GetProperty("publishedAt").GetString()).Distinct());
        Assert.Equivalent(new[] { Sha256(mitText), Sha256(omtText) }, documents.Select(d => d.GetProperty("sha256").GetString()).ToArray());
    }
}
