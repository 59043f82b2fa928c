using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.Publication.Data;

namespace Mit.Platform.ServiceTests;

/// <summary>What renders the public record never fails on stored text, and builds its links from configuration.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicRecordRenderingTests(PlatformFixture platform)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>A row as an older release could have stored it, before the text rule: a vertical tab, NUL and U+FFFF.</summary>
    private async Task<Guid> StoreRowWithControlCharacters()
    {
        var id = Guid.NewGuid();
        await using var scope = platform.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PublicationDbContext>();
        db.Published.Add(new PublishedDocumentRow
        {
            Id = id,
            DossierId = Guid.NewGuid(),
            Type = "WorkProgramme",
            Committee = "MIT",
            Title = "Werkprogramma\u000B2024",
            Summary = "nul\u0000 and \uFFFF",
            MediaType = "text/plain",
            SizeBytes = 1,
            Sha256 = new string('a', 64),
            Version = 1,
            PublishedAtTicks = DateTimeOffset.UtcNow.AddYears(1).UtcTicks,
            WithdrawnAtTicks = DateTimeOffset.UtcNow.AddYears(1).UtcTicks,
            WithdrawalReason = "reason\u0001",
        });
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task The_feed_replaces_control_characters_in_stored_text_instead_of_failing()
    {
        var id = await StoreRowWithControlCharacters();
        using var response = await platform.Web.GetAsync(new Uri("public/v1/feed.atom", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var entry = feed.Root!.Elements(Atom + "entry").Single(e => e.Element(Atom + "id")!.Value == "urn:uuid:" + id);
        Assert.Equal("Withdrawn: Werkprogramma\uFFFD2024", entry.Element(Atom + "title")!.Value);
        Assert.EndsWith("reason\uFFFD", entry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_record_serves_stored_control_characters_escaped()
    {
        var id = await StoreRowWithControlCharacters();
        using var response = await platform.Web.GetAsync(new Uri($"public/v1/documents/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Werkprogramma\u000B2024", json.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Feed_links_come_from_the_configured_public_address_not_the_host_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("public/v1/feed.atom", UriKind.Relative));
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        using var response = await platform.Web.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
        var self = XDocument.Parse(body).Root!.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self");
        Assert.Equal(new Uri(platform.Host.WebAddress, "public/v1/feed.atom").ToString(), (string?)self.Attribute("href"));
    }

    [Fact]
    public async Task Request_headers_larger_than_the_gateway_can_forward_get_431_at_the_edge()
    {
        async Task<HttpStatusCode> WithHeaderOf(int bytes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("public/v1/documents", UriKind.Relative));
            request.Headers.Add("x-padding", new string('a', bytes));
            using var response = await platform.Web.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await WithHeaderOf(8 * 1024));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, await WithHeaderOf(30 * 1024));
    }

    [Theory]
    [InlineData("public/v1/documents?request_id=%01")]
    [InlineData("public/v1/documents?request_id=a%E2%80%AEb")]
    [InlineData("public/v1/documents/%0B")]
    [InlineData("public/v1/documents?published_from=0001-01-01T00:00:00Z&published_until=9999-12-31T23:59:59Z")]
    public async Task Hostile_json_queries_get_400_never_500(string path)
    {
        using var response = await platform.Web.GetAsync(new Uri(path, UriKind.Relative));
        var expected = path.Contains("published_from", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.BadRequest;
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
