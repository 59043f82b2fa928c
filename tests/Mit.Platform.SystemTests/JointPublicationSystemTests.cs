using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mit.Platform.V1;
using static Mit.Platform.SystemTests.Publications;

namespace Mit.Platform.SystemTests;

/// <summary>
/// The publication protocol across processes: AdviceRequests, Committees and Publication each on their own PostgreSQL
/// database, events over a real RabbitMQ (release and adoptions reach the publication-inbox queue), every call
/// through the gateway process with real tokens, and the public record read anonymously over HTTP/1.1.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class JointPublicationSystemTests(DistributedPlatform platform)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private V1.Publication.PublicationClient As(string persona) => new(platform.Cluster.As(persona));

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text + " " + Guid.NewGuid());

    [Fact]
    public async Task Release_adoptions_and_joint_publication_across_processes_and_the_broker_reach_the_public_record()
    {
        var content = new RequestContent { Title = "Scaling down remaining measures", Question = "Which measures can end?", Urgency = Urgency.Urgent };
        var draft = await platform.Szw.DraftRequestAsync(new DraftRequestRequest { IdempotencyKey = Key(), Content = content, CoSigningMinistry = Ministry.Vws });
        var version = draft.Pending ?? draft.Current;
        var released = await platform.Vws.CoSignAsync(new CoSignRequest { IdempotencyKey = Key(), RequestId = draft.Id, Version = version.Number, Digest = version.Digest });
        await Eventually(async () => (await platform.MitDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit, PageSize = 1000 })).Entries,
            es => es.Any(e => e.RequestId == released.Id), "on the MIT desk");
        await Eventually(async () => (await platform.OmtDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Omt, PageSize = 1000 })).Entries,
            es => es.Any(e => e.RequestId == released.Id), "on the OMT desk");

        var mitText = Text("MIT advice");
        var omtText = Text("OMT advice");
        var adopt = new AdoptAdviceRequest { IdempotencyKey = Key(), RequestId = released.Id, DocumentDigest = Sha256(mitText), Summary = "End the remaining measures." };
        adopt.Votes.Add(new Vote { Subject = "demo-mit-chair", Choice = VoteChoice.For });
        adopt.Votes.Add(new Vote { Subject = "demo-mit-member", Choice = VoteChoice.For });
        await new CommitteeComposition.CommitteeCompositionClient(platform.Cluster.As("mit-chair")).AdoptAdviceAsync(adopt);
        await new CommitteeComposition.CommitteeCompositionClient(platform.Cluster.As("omt-chair")).RecordConsensusAsync(new RecordConsensusRequest
        {
            IdempotencyKey = Key(), RequestId = released.Id, DocumentDigest = Sha256(omtText), Summary = "The endemic phase is reached.",
        });

        var officer = As("szw-publication");
        var dossier = await Eventually(() => officer.GetDossierAsync(new GetDossierRequest { DossierId = released.Id }).ResponseAsync,
            d => d.Documents.Count(x => x.Type == DocumentType.Advice) == 2 && d.Title.Length > 0, "release and both adoptions in the dossier (over RabbitMQ)");
        string Advice(Committee c) => dossier.Documents.Single(d => d.Type == DocumentType.Advice && d.Committee == c).Id;

        foreach (var (committee, secretariat, text, chair) in new[] { (Committee.Mit, "mit-secretariat", mitText, "mit-chair"), (Committee.Omt, "omt-secretary", omtText, "omt-chair") })
        {
            await As(secretariat).UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
            {
                IdempotencyKey = Key(), RequestId = released.Id, Committee = committee, MediaType = "text/plain", Content = ByteString.CopyFrom(text),
            });
            await As(chair).RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest { IdempotencyKey = Key(), DossierId = released.Id, DocumentId = Advice(committee) });
        }
        // Not yet with parliament: nothing is published.
        var early = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => officer.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Key(), DossierId = released.Id }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, early.StatusCode);
        foreach (var committee in new[] { Committee.Mit, Committee.Omt })
        {
            await officer.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
            {
                IdempotencyKey = Key(), DossierId = released.Id, DocumentId = Advice(committee), KamerbriefReference = "Kamerstuk 25295, nr. 2020",
                SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            });
        }
        await officer.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Key(), DossierId = released.Id });

        using var web = new HttpClient { BaseAddress = platform.Cluster.WebAddress };
        using var list = await web.GetAsync(new Uri($"public/v1/documents?request_id={released.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var documents = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(2, documents.Count);
        Assert.Single(documents.Select(d => d.GetProperty("publishedAt").GetString()).Distinct());
        var feed = XDocument.Parse(await web.GetStringAsync(new Uri("public/v1/feed.atom", UriKind.Relative)));
        Assert.Equal(Atom + "feed", feed.Root!.Name);
        var published = feed.Root.Elements(Atom + "entry")
            .Where(e => e.Element(Atom + "id")!.Value is var id && (id == "urn:uuid:" + Advice(Committee.Mit) || id == "urn:uuid:" + Advice(Committee.Omt)))
            .Select(e => e.Element(Atom + "published")!.Value).ToList();
        Assert.Equal(2, published.Count);
        Assert.Single(published.Distinct());
    }
}
