using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.AllInOne;
using Mit.Platform.Publication.Data;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Issue 17's "done": the long covid case as it happened, through the gateway with real tokens. The MIT opens
/// unsolicited advice and adopts it by vote; it goes to the SG SZW (the OMT's desk hears of it then, not before), to
/// parliament, and is published (the OMT's desk gets its content); 105 days later, on the Development clock, the wait
/// is past the three-month term and flagged; SZW records the cabinet's response, it goes to parliament and is
/// published; the public JSON and the Atom feed show advice and response linked, with the wait in days. A dedicated
/// host, so the shared platform's time never moves.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LongCovidEndToEndTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task Unsolicited_MIT_advice_goes_to_publication_and_the_cabinet_response_105_days_later_is_linked_on_the_public_record()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mit-long-covid-" + Guid.NewGuid().ToString("n"));
        await using (var host = await AllInOneHost.StartAsync([], DevelopmentClockTests.Dedicated(folder, "Development")))
        {
            using var channel = GrpcChannel.ForAddress(host.GatewayAddress);
            async Task<CallInvoker> As(string user) => await DevelopmentClockTests.As(host, channel, user, "committees publication");
            var mitChair = new CommitteeComposition.CommitteeCompositionClient(await As("mit-chair"));
            var mitSecretariat = new V1.Publication.PublicationClient(await As("mit-secretariat"));
            var omtDesk = new CommitteeDesks.CommitteeDesksClient(await As("omt-secretary"));
            var officer = new V1.Publication.PublicationClient(await As("szw-publication"));

            // Unsolicited: the MIT sets itself the question; expert seats have no vote; the voting members adopt.
            var opened = await mitChair.OpenUnsolicitedAdviceAsync(Unsolicited.Opening(Committee.Mit));
            var text = Dossiers.Text("Maatschappelijke gevolgen van long covid: erken het in werk, zorg en inkomen. " + Guid.NewGuid());
            var byExpert = Unsolicited.Adoption(opened.Id, Committee.Mit, text);
            byExpert.Votes.Add(new Vote { Subject = "demo-mit-expert", Choice = VoteChoice.For });
            await Composition.Refused(() => mitChair.AdoptUnsolicitedAdviceAsync(byExpert).ResponseAsync, StatusCode.InvalidArgument, "votes[2].subject");
            var adopted = await mitChair.AdoptUnsolicitedAdviceAsync(Unsolicited.Adoption(opened.Id, Committee.Mit, text));
            Assert.Equal((AdoptionMethod.Vote, 2), (adopted.Adoption.Method, adopted.Adoption.VotesFor));
            Assert.Contains(adopted.Adoption.Snapshot.Seats, s => s.Kind == SeatKind.ExpertMember && !s.HasVote);

            var dossier = await Eventually.Get(async () => await Try(() => mitSecretariat.GetDossierAsync(new GetDossierRequest { DossierId = opened.Id }).ResponseAsync),
                d => d is { Documents.Count: 1 }, "the adoption opens the unsolicited advice's dossier");
            Assert.Equal((DossierKind.UnsolicitedAdvice, opened.Question), (dossier!.Kind, dossier.Question));
            var adviceId = dossier.Documents.Single().Id;
            await mitSecretariat.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
            {
                IdempotencyKey = Requests.Key(), RequestId = opened.Id, Committee = Committee.Mit, Title = opened.Title, MediaType = "text/plain", Content = ByteString.CopyFrom(text),
            });
            Assert.DoesNotContain((await omtDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Omt, PageSize = 1000 })).Entries, e => e.RequestId == opened.Id);

            // To the SG SZW: the OMT's desk gets title, date and digest at that moment.
            var sent = await new V1.Publication.PublicationClient(await As("mit-chair")).RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest
            { IdempotencyKey = Requests.Key(), DossierId = opened.Id, DocumentId = adviceId });
            var sentAt = sent.Documents.Single().SentToPrincipalAt.ToDateTimeOffset();
            var onDesk = await Eventually.Get(async () => (await omtDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Omt, PageSize = 1000 })).Entries,
                es => es.Any(e => e.RequestId == opened.Id), "the OMT desk entry for the MIT's unsolicited advice");
            var entry = onDesk.Single(e => e.RequestId == opened.Id);
            Assert.Equal((DeskEntryKind.UnsolicitedSent, opened.Title, Dossiers.Sha256(text), Committee.Mit), (entry.Kind, entry.Title, entry.Digest, entry.AdviceCommittee));
            Assert.True(entry.ReceivedAt.ToDateTimeOffset() >= sentAt);

            // Nothing public before parliament has it; then published, and the OMT's desk gets the content.
            await Composition.Refused(() => officer.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Requests.Key(), DossierId = opened.Id }).ResponseAsync,
                StatusCode.FailedPrecondition);
            await officer.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
            {
                IdempotencyKey = Requests.Key(), DossierId = opened.Id, DocumentId = adviceId, KamerbriefReference = "Kamerstuk 25295, nr. 2100", SentAt = sent.Documents.Single().SentToPrincipalAt,
            });
            await officer.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Requests.Key(), DossierId = opened.Id });
            var content = await Eventually.Get(async () => (await omtDesk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Omt, PageSize = 1000 })).Entries,
                es => es.Any(e => e.RequestId == opened.Id && e.Kind == DeskEntryKind.UnsolicitedPublished), "the published content on the OMT desk");
            Assert.Equal(adopted.Adoption.Summary, content.Single(e => e.Kind == DeskEntryKind.UnsolicitedPublished && e.RequestId == opened.Id).Note);

            using var anonymous = new HttpClient { BaseAddress = host.WebAddress };
            var waiting = await PublicAdviceAsync(anonymous, "WAITING", adviceId);
            Assert.Equal(0, waiting.GetProperty("response").GetProperty("waitedDays").GetInt32());

            // 105 days on: past the three-month term, the wait is flagged once.
            var operatorClock = new V1.DevelopmentClock.DevelopmentClockClient(await As("operator"));
            var advanced = await operatorClock.AdvanceClockAsync(new AdvanceClockRequest { IdempotencyKey = Requests.Key(), AdvanceBy = Duration.FromTimeSpan(TimeSpan.FromDays(105)) });
            var sweep = host.Services.GetRequiredService<CabinetResponseOverdueSweep>();
            Assert.True(await sweep.FlagOverdueAsync(CancellationToken.None) >= 1);
            var overdue = await PublicAdviceAsync(anonymous, "WAITING", adviceId);
            Assert.True(overdue.GetProperty("response").GetProperty("overdue").GetBoolean());
            Assert.Equal(105, overdue.GetProperty("response").GetProperty("waitedDays").GetInt32());

            // The cabinet's response, recorded by SZW with its Kamerbrief, published after parliament has it.
            var szw = new V1.Publication.PublicationClient(await As("szw-publication"));
            var response = await szw.RecordCabinetResponseAsync(Unsolicited.Response([(opened.Id, adviceId)], advanced.Now.ToDateTimeOffset(), "Kamerstuk 25295, nr. 2150"));
            var letter = response.Documents.Single();
            Assert.Equal((DocumentType.CabinetResponse, DocumentState.SentToParliament), (letter.Type, letter.State));
            Assert.Equal([letter.Id], (await szw.GetDossierAsync(new GetDossierRequest { DossierId = opened.Id })).Documents.Single().AnsweredBy);
            await szw.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Requests.Key(), DossierId = response.Id });

            var answered = await PublicAdviceAsync(anonymous, "ANSWERED", adviceId);
            Assert.Equal(105, answered.GetProperty("response").GetProperty("waitedDays").GetInt32());
            Assert.Equal([letter.Id], answered.GetProperty("response").GetProperty("responseIds").EnumerateArray().Select(x => x.GetString()!).ToArray());
            Assert.DoesNotContain(await PublicListAsync(anonymous, "response=RESPONSE_FILTER_WAITING"), d => d.GetProperty("id").GetString() == adviceId);
            using var responseJson = await anonymous.GetAsync(new Uri($"public/v1/documents/{letter.Id}", UriKind.Relative));
            var published = JsonDocument.Parse(await responseJson.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("DOCUMENT_TYPE_CABINET_RESPONSE", published.GetProperty("type").GetString());
            Assert.Equal([adviceId], published.GetProperty("answers").EnumerateArray().Select(x => x.GetString()!).ToArray());

            // Atom: the response is a new entry that links its advice, and the advice links its response.
            using var feedResponse = await anonymous.GetAsync(new Uri("public/v1/feed.atom", UriKind.Relative));
            var feed = XDocument.Parse(await feedResponse.Content.ReadAsStringAsync());
            XElement Entry(string id) => feed.Root!.Elements(Atom + "entry").Single(e => e.Element(Atom + "id")!.Value == "urn:uuid:" + id);
            static IEnumerable<string> Related(XElement e) => e.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "related").Select(l => (string)l.Attribute("href")!);
            Assert.Contains(Related(Entry(letter.Id)), href => href.EndsWith("/public/v1/documents/" + adviceId, StringComparison.Ordinal));
            Assert.Contains(Related(Entry(adviceId)), href => href.EndsWith("/public/v1/documents/" + letter.Id, StringComparison.Ordinal));
            Assert.Contains("Cabinet response after 105 days.", Entry(adviceId).Element(Atom + "summary")!.Value, StringComparison.Ordinal);
        }
        DevelopmentClockTests.Cleanup(folder);
    }

    private static async Task<T?> Try<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<List<JsonElement>> PublicListAsync(HttpClient anonymous, string query)
    {
        using var list = await anonymous.GetAsync(new Uri($"public/v1/documents?{query}&page_size=100", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        return JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("documents").EnumerateArray().ToList();
    }

    private static async Task<JsonElement> PublicAdviceAsync(HttpClient anonymous, string filter, string adviceId) =>
        (await PublicListAsync(anonymous, $"response=RESPONSE_FILTER_{filter}")).Single(d => d.GetProperty("id").GetString() == adviceId);
}
