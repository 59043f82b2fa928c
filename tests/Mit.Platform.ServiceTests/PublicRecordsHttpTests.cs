using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The public record as the internet sees it: plain HTTP/1.1 JSON and the Atom feed through the gateway's web port
/// (forwarded to the h2c services), without a token; only published documents, withdrawn ones as notices.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicRecordsHttpTests(PlatformFixture platform)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private readonly Dossiers _dossiers = new(platform);

    private async Task<JsonElement> Json(string path)
    {
        using var response = await platform.Web.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<XDocument> Feed()
    {
        using var response = await platform.Web.GetAsync(new Uri("public/v1/feed.atom", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        // A well-formed XML document, or this throws.
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var feed = XDocument.Load(reader);
        AssertValidAtom(feed);
        return feed;
    }

    /// <summary>The RFC 4287 rules a feed reader relies on: elements, cardinalities, date formats, absolute links.</summary>
    private static void AssertValidAtom(XDocument document)
    {
        var feed = document.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        foreach (var name in new[] { "id", "title", "updated" })
        {
            Assert.Single(feed.Elements(Atom + name));
        }
        Assert.True(Uri.TryCreate(feed.Element(Atom + "id")!.Value, UriKind.Absolute, out _), "atom:id must be an IRI");
        Date(feed.Element(Atom + "updated")!.Value);
        // Entries without their own author need the feed's.
        Assert.Contains(feed.Elements(Atom + "author").Elements(Atom + "name"), n => n.Value.Length > 0);
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        var ids = new HashSet<string>();
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            foreach (var name in new[] { "id", "title", "updated" })
            {
                Assert.Single(entry.Elements(Atom + name));
            }
            Assert.True(ids.Add(entry.Element(Atom + "id")!.Value), "entry ids are unique");
            Date(entry.Element(Atom + "updated")!.Value);
            Date(entry.Element(Atom + "published")!.Value);
            // Without atom:content an entry needs a link rel=alternate, and a summary.
            Assert.Contains(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate");
            Assert.Single(entry.Elements(Atom + "summary"));
            foreach (var link in entry.Elements(Atom + "link"))
            {
                Assert.True(Uri.TryCreate((string?)link.Attribute("href"), UriKind.Absolute, out _), "links are absolute");
            }
        }
    }

    private static DateTimeOffset Date(string value)
    {
        // RFC 3339 date-time, upper-case T and Z.
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", value);
        return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
    }

    private static IEnumerable<XElement> Entries(XDocument feed, string documentId) =>
        feed.Root!.Elements(Atom + "entry").Where(e => e.Element(Atom + "id")!.Value == "urn:uuid:" + documentId);

    [Fact]
    public async Task Anonymous_JSON_and_the_Atom_feed_show_the_joint_publication_with_one_time_and_nothing_unpublished()
    {
        var ready = await _dossiers.ReadyToPublishAsync();
        var draftProgramme = await _dossiers.WorkProgrammeAsync("Draft work programme");
        var draftId = draftProgramme.Documents.Single().Id;
        var notSent = await _dossiers.BothSentToPrincipalsAsync();

        // Before the publication: not listed, not readable, not in the feed.
        var before = await Json($"public/v1/documents?request_id={ready.Id}");
        Assert.Equal(0, before.TryGetProperty("documents", out var none) ? none.GetArrayLength() : 0);
        using (var hidden = await platform.Web.GetAsync(new Uri($"public/v1/documents/{Dossiers.AdviceOf(ready, Committee.Mit).Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        await _dossiers.PublishDossierAsync(ready.Id);

        var listed = (await Json($"public/v1/documents?request_id={ready.Id}")).GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(2, listed.Count);
        Assert.Equivalent(new[] { "COMMITTEE_MIT", "COMMITTEE_OMT" }, listed.Select(d => d.GetProperty("committee").GetString()).ToArray());
        Assert.Single(listed.Select(d => d.GetProperty("publishedAt").GetString()).Distinct());
        var mitOnly = (await Json($"public/v1/documents?request_id={ready.Id}&committee=COMMITTEE_MIT")).GetProperty("documents");
        Assert.Equal("COMMITTEE_MIT", Assert.Single(mitOnly.EnumerateArray()).GetProperty("committee").GetString());
        var one = await Json($"public/v1/documents/{Dossiers.AdviceOf(ready, Committee.Omt).Id}");
        Assert.Equal(ready.Id, one.GetProperty("requestId").GetString());
        var content = await Json($"public/v1/documents/{Dossiers.AdviceOf(ready, Committee.Omt).Id}/content");
        Assert.Equal(Dossiers.Sha256(Convert.FromBase64String(content.GetProperty("content").GetString()!)), content.GetProperty("sha256").GetString());

        var feed = await Feed();
        var mitEntry = Assert.Single(Entries(feed, Dossiers.AdviceOf(ready, Committee.Mit).Id));
        var omtEntry = Assert.Single(Entries(feed, Dossiers.AdviceOf(ready, Committee.Omt).Id));
        Assert.Equal(mitEntry.Element(Atom + "published")!.Value, omtEntry.Element(Atom + "published")!.Value);
        Assert.Empty(Entries(feed, draftId));
        Assert.Empty(Entries(feed, Dossiers.AdviceOf(notSent.Dossier, Committee.Mit).Id));
        var unpublished = (await Json($"public/v1/documents?request_id={notSent.Dossier.Id}"));
        Assert.False(unpublished.TryGetProperty("documents", out var leaked) && leaked.GetArrayLength() > 0);

        // Withdrawn: the notice only, in JSON and in the feed.
        await _dossiers.As(Dossiers.Officer).WithdrawDocumentAsync(new WithdrawDocumentRequest
        {
            IdempotencyKey = Requests.Key(), DossierId = ready.Id, DocumentId = Dossiers.AdviceOf(ready, Committee.Omt).Id, Reason = "Wrong annex attached.",
        });
        var notice = await Json($"public/v1/documents/{Dossiers.AdviceOf(ready, Committee.Omt).Id}");
        Assert.True(notice.GetProperty("withdrawn").GetBoolean());
        Assert.Equal("Wrong annex attached.", notice.GetProperty("withdrawalReason").GetString());
        Assert.Equal("", notice.TryGetProperty("sha256", out var sha) ? sha.GetString() : "");
        Assert.Equal("", notice.TryGetProperty("summary", out var summary) ? summary.GetString() : "");
        using (var gone = await platform.Web.GetAsync(new Uri($"public/v1/documents/{Dossiers.AdviceOf(ready, Committee.Omt).Id}/content", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        var withdrawnEntry = Assert.Single(Entries(await Feed(), Dossiers.AdviceOf(ready, Committee.Omt).Id));
        Assert.StartsWith("Withdrawn: ", withdrawnEntry.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(withdrawnEntry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "enclosure");
    }

    [Fact]
    public async Task Without_a_token_only_the_public_record_answers()
    {
        using var dossiers = await platform.Web.GetAsync(new Uri("mit.platform.v1.Publication/ListDossiers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, dossiers.StatusCode);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => new V1.Publication.PublicationClient(platform.Invoker(null)).ListDossiersAsync(new ListDossiersRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, grpc.StatusCode);
        // The public gRPC service itself, anonymously, over h2c.
        var list = await platform.Public.ListPublishedAsync(new ListPublishedRequest { PageSize = 1 });
        Assert.NotNull(list);
    }

    [Fact]
    public async Task Bad_public_queries_are_InvalidArgument_with_the_field_and_unknown_ids_NotFound()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => platform.Public.ListPublishedAsync(new ListPublishedRequest { RequestId = "nope", PageSize = 1000 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("request_id", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("page_size", bad.Status.Detail, StringComparison.Ordinal);
        var badId = await Assert.ThrowsAsync<RpcException>(() => platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => platform.Public.GetPublishedAsync(new GetPublishedRequest { DocumentId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        using var http = await platform.Web.GetAsync(new Uri("public/v1/documents?request_id=nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
    }
}
