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
            d => d.Documents.Count(x => x.Type == DocumentType.Advice && !x.Sealed) == 2 && d.Title.Length > 0,
            "release, both adoptions and Committees' reveal in the dossier (over RabbitMQ)");
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

    /// <summary>
    /// Issue 15's seal across processes: Committees (its own process and database) owns the seal; Publication (another
    /// process) learns the reveal only from CommitteeAdviceRevealed over RabbitMQ, and until then shows the MIT advice
    /// sealed to the publication officer and the SG SZW and refuses to send it to the SG SZW.
    /// </summary>
    [Fact]
    public async Task The_seal_holds_in_Publication_until_Committees_reveal_arrives_over_the_broker()
    {
        var content = new RequestContent { Title = "Travellers from region X", Question = "Which measures are proportionate?", Urgency = Urgency.Urgent };
        var draft = await platform.Szw.DraftRequestAsync(new DraftRequestRequest { IdempotencyKey = Key(), Content = content, CoSigningMinistry = Ministry.Vws });
        var version = draft.Pending ?? draft.Current;
        var released = await platform.Vws.CoSignAsync(new CoSignRequest { IdempotencyKey = Key(), RequestId = draft.Id, Version = version.Number, Digest = version.Digest });
        await Eventually(async () => (await platform.MitDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit, PageSize = 1000 })).Entries,
            es => es.Any(e => e.RequestId == released.Id), "on the MIT desk");
        await Eventually(async () => (await platform.OmtDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Omt, PageSize = 1000 })).Entries,
            es => es.Any(e => e.RequestId == released.Id), "on the OMT desk");

        var mitText = Text("MIT advice under seal");
        var adopt = new AdoptAdviceRequest { IdempotencyKey = Key(), RequestId = released.Id, DocumentDigest = Sha256(mitText), Summary = "For both measures." };
        adopt.Votes.Add(new Vote { Subject = "demo-mit-chair", Choice = VoteChoice.For });
        adopt.Votes.Add(new Vote { Subject = "demo-mit-member", Choice = VoteChoice.For });
        await new CommitteeComposition.CommitteeCompositionClient(platform.Cluster.As("mit-chair")).AdoptAdviceAsync(adopt);
        var secretariat = As("mit-secretariat");
        await Eventually(() => secretariat.GetDossierAsync(new GetDossierRequest { DossierId = released.Id }).ResponseAsync,
            d => d.Documents.Any(x => x.Type == DocumentType.Advice && x.Sha256 == Sha256(mitText)), "the MIT adoption in the dossier, seen by the MIT");
        await secretariat.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        { IdempotencyKey = Key(), RequestId = released.Id, Committee = Committee.Mit, MediaType = "text/plain", Content = ByteString.CopyFrom(mitText) });

        foreach (var reader in new[] { "szw-publication", "sg-szw" })
        {
            var seen = await As(reader).GetDossierAsync(new GetDossierRequest { DossierId = released.Id });
            var advice = seen.Documents.Single(d => d.Type == DocumentType.Advice && d.Committee == Committee.Mit);
            Assert.True(advice.Sealed, reader);
            Assert.Equal(("", "", (Timestamp?)null), (advice.Sha256, advice.Summary, advice.AdoptedAt));
        }
        var mitAdvice = (await secretariat.GetDossierAsync(new GetDossierRequest { DossierId = released.Id })).Documents.Single(d => d.Type == DocumentType.Advice).Id;
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => As("mit-chair").RecordSentToPrincipalAsync(
            new RecordSentToPrincipalRequest { IdempotencyKey = Key(), DossierId = released.Id, DocumentId = mitAdvice }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("OMT", refused.Status.Detail, StringComparison.Ordinal);

        var omtText = Text("OMT advice");
        await new CommitteeComposition.CommitteeCompositionClient(platform.Cluster.As("omt-chair")).RecordConsensusAsync(new RecordConsensusRequest
        { IdempotencyKey = Key(), RequestId = released.Id, DocumentDigest = Sha256(omtText), Summary = "Against a pre-departure test." });
        var revealed = await Eventually(() => As("sg-szw").GetDossierAsync(new GetDossierRequest { DossierId = released.Id }).ResponseAsync,
            d => d.Documents.Count(x => x.Type == DocumentType.Advice && !x.Sealed) == 2, "Committees' reveal in Publication, over RabbitMQ");
        Assert.Equal(Sha256(mitText), revealed.Documents.Single(d => d.Committee == Committee.Mit).Sha256);
        var sent = await As("mit-chair").RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest { IdempotencyKey = Key(), DossierId = released.Id, DocumentId = mitAdvice });
        Assert.Equal(DocumentState.SentToPrincipal, sent.Documents.Single(d => d.Id == mitAdvice).State);
    }
}
