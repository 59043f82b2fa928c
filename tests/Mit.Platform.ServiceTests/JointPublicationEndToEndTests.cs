using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Google.Protobuf;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Issue 6's "done": a joint request goes from release to joint publication through the gateway with real tokens
/// and no event published by the test — draft, co-sign, the MIT adopts by vote and the OMT records consensus
/// (Committees), the secretariats upload the texts, they go to the SG SZW and VWS, the publication officer records
/// parliament and publishes — and the anonymous JSON API and the Atom feed show both advice with one time.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class JointPublicationEndToEndTests(PlatformFixture platform)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task A_joint_request_goes_from_release_to_joint_publication_and_the_public_sees_both_at_one_time()
    {
        var dossiers = new Dossiers(platform);
        var draft = await platform.Requests(Persona.SzwRequester).DraftRequestAsync(Requests.Draft());
        var released = await platform.Requests(Persona.VwsRequester).CoSignAsync(Requests.CoSign(draft));
        foreach (var (committee, secretariat) in new[] { (Committee.Mit, Persona.MitSecretariat), (Committee.Omt, Persona.OmtSecretary) })
        {
            await Eventually.Get(async () => (await platform.Desks(secretariat).ListDeskAsync(new ListDeskRequest { Committee = committee, PageSize = 1000 })).Entries,
                es => es.Any(e => e.RequestId == released.Id), $"released request on the {committee} desk");
        }

        var mitText = Dossiers.Text("MIT: harmonise with the EU; masks on flights proportionate. " + Guid.NewGuid());
        var omtText = Dossiers.Text("OMT: no epidemiological grounds for a pre-departure test. " + Guid.NewGuid());
        var mitChair = new CommitteeComposition.CommitteeCompositionClient(platform.Invoker(platform.Token(Dossiers.MitChair)));
        var adopt = new AdoptAdviceRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = released.Id, DocumentDigest = Dossiers.Sha256(mitText), Summary = "For both measures, for EU harmonisation.",
        };
        adopt.Votes.Add(new Vote { Subject = "demo-mit-chair", Choice = VoteChoice.For });
        adopt.Votes.Add(new Vote { Subject = "demo-mit-member", Choice = VoteChoice.For });
        await mitChair.AdoptAdviceAsync(adopt);
        var omtChair = new CommitteeComposition.CommitteeCompositionClient(platform.Invoker(platform.Token(Dossiers.OmtChair)));
        await omtChair.RecordConsensusAsync(new RecordConsensusRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = released.Id, DocumentDigest = Dossiers.Sha256(omtText), Summary = "Against a pre-departure test.",
        });

        var dossier = await Eventually.Get(() => dossiers.TryGet(released.Id), d => d?.Documents.Count(x => x.Type == DocumentType.Advice) == 2,
            "both adoptions in the publication dossier");
        Assert.Equal(released.Current.Content.Title, dossier!.Title);
        await dossiers.UploadAsync(Dossiers.MitSecretariat, released.Id, Committee.Mit, mitText);
        await dossiers.UploadAsync(Dossiers.OmtSecretary, released.Id, Committee.Omt, omtText);
        await dossiers.ToPrincipalAsync(Dossiers.MitChair, released.Id, Dossiers.AdviceOf(dossier, Committee.Mit).Id);
        await dossiers.ToPrincipalAsync(Dossiers.OmtChair, released.Id, Dossiers.AdviceOf(dossier, Committee.Omt).Id);
        await dossiers.ToParliamentAsync(released.Id, Dossiers.AdviceOf(dossier, Committee.Mit).Id, "Kamerstuk 25295, nr. 2010");
        await dossiers.ToParliamentAsync(released.Id, Dossiers.AdviceOf(dossier, Committee.Omt).Id, "Kamerstuk 25295, nr. 2010");
        await dossiers.As(Dossiers.MitExpert).UploadReflectionAsync(new UploadReflectionRequest
        {
            IdempotencyKey = Requests.Key(), RequestId = released.Id, Title = "Reflection of the CPB director", MediaType = "text/plain",
            Content = ByteString.CopyFrom(Dossiers.Text("The economic effects are small.")),
        });
        var published = await dossiers.PublishDossierAsync(released.Id);

        // Anonymous, plain HTTP/1.1 JSON through the gateway.
        using var anonymous = new HttpClient { BaseAddress = platform.Host.WebAddress };
        using var list = await anonymous.GetAsync(new Uri($"public/v1/documents?request_id={released.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var documents = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("documents").EnumerateArray().ToList();
        var advice = documents.Where(d => d.GetProperty("type").GetString() == "DOCUMENT_TYPE_ADVICE").ToList();
        Assert.Equivalent(new[] { "COMMITTEE_MIT", "COMMITTEE_OMT" }, advice.Select(d => d.GetProperty("committee").GetString()).ToArray());
        Assert.Contains(documents, d => d.GetProperty("type").GetString() == "DOCUMENT_TYPE_REFLECTION");
        Assert.Single(documents.Select(d => d.GetProperty("publishedAt").GetString()).Distinct());
        Assert.Equivalent(new[] { Dossiers.Sha256(mitText), Dossiers.Sha256(omtText) }, advice.Select(d => d.GetProperty("sha256").GetString()).ToArray());

        using var feedResponse = await anonymous.GetAsync(new Uri("public/v1/feed.atom", UriKind.Relative));
        var feed = XDocument.Parse(await feedResponse.Content.ReadAsStringAsync());
        var entries = published.Documents.Select(d => feed.Root!.Elements(Atom + "entry").Single(e => e.Element(Atom + "id")!.Value == "urn:uuid:" + d.Id)).ToList();
        Assert.Equal(3, entries.Count);
        Assert.Single(entries.Select(e => e.Element(Atom + "published")!.Value).Distinct());
    }
}
