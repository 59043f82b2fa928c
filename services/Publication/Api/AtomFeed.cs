using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Publication.Data;
using Mit.Platform.Publication.Domain;

namespace Mit.Platform.Publication.Api;

/// <summary>
/// An Atom 1.0 feed (RFC 4287) of the public record, newest first, written with XmlWriter. A withdrawn document
/// appears as its withdrawal notice. Anonymous, like the rest of the public record. Links start from the configured
/// public address (Publication:PublicBaseAddress), never from the Host header a caller sent; without one they are
/// relative. Stored text passes <see cref="TextRules.ForXml"/>: one bad row must not take the feed down for everyone.
/// </summary>
internal static class AtomFeed
{
    public const string Path = "/public/v1/feed.atom";
    private const string Atom = "http://www.w3.org/2005/Atom";
    private const int Entries = 100;

    public const string BaseAddressKey = "Publication:PublicBaseAddress";

    public static async Task<IResult> Render(PublicationDbContext db, TimeProvider time, IConfiguration configuration, CabinetResponseTerm term, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await db.Published.AsNoTracking().OrderByDescending(p => p.PublishedAtTicks).ThenBy(p => p.Id).Take(Entries).ToListAsync(ct);
        var baseUri = (configuration[BaseAddressKey] ?? "").TrimEnd('/');

        var buffer = new MemoryStream();
        await using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true }))
        {
            await xml.WriteStartDocumentAsync();
            xml.WriteStartElement("feed", Atom);
            xml.WriteElementString("id", Atom, "urn:mit-platform:publications");
            xml.WriteElementString("title", Atom, "MIT and OMT publications");
            xml.WriteElementString("subtitle", Atom, "Advice, reflections, work programmes and standby signals, published after parliament received them.");
            xml.WriteElementString("updated", Atom, Time(rows.Count == 0 ? time.GetUtcNow().UtcTicks : rows.Max(Updated)));
            xml.WriteStartElement("author", Atom);
            xml.WriteElementString("name", Atom, "Maatschappelijk Impact Team");
            xml.WriteEndElement();
            Link(xml, "self", baseUri + Path, "application/atom+xml");
            foreach (var row in rows)
            {
                var withdrawn = row.WithdrawnAtTicks is not null;
                xml.WriteStartElement("entry", Atom);
                xml.WriteElementString("id", Atom, "urn:uuid:" + row.Id);
                xml.WriteElementString("title", Atom, (withdrawn ? "Withdrawn: " : "") + TextRules.ForXml(row.Title));
                xml.WriteElementString("published", Atom, Time(row.PublishedAtTicks));
                xml.WriteElementString("updated", Atom, Time(Updated(row)));
                Link(xml, "alternate", $"{baseUri}/public/v1/documents/{row.Id}", "application/json");
                if (!withdrawn)
                {
                    Link(xml, "enclosure", $"{baseUri}/public/v1/documents/{row.Id}/content", "application/json");
                }
                // A cabinet response and the advice it answers point to each other.
                foreach (var related in (row.Answers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Concat((row.AnsweredBy ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)))
                {
                    Link(xml, "related", $"{baseUri}/public/v1/documents/{related}", "application/json");
                }
                if (row.Committee is not null)
                {
                    Category(xml, row.Committee);
                }
                Category(xml, row.Type);
                xml.WriteStartElement("summary", Atom);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(TextRules.ForXml(withdrawn
                    ? $"Withdrawn on {Time(row.WithdrawnAtTicks!.Value)}: {row.WithdrawalReason}"
                    : string.Join(" ", new[] { row.Late && row.Committee is not null ? Document.LateNote(Enum.Parse<Committee>(row.Committee)) : "", row.Summary, ResponseNote(row, term, now), row.KamerbriefReference is null ? "" : $"(Kamerbrief {row.KamerbriefReference})", $"SHA-256 {row.Sha256}" }
                        .Where(s => s.Length > 0))));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            await xml.WriteEndDocumentAsync();
        }
        return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }

    /// <summary>Advice: answered by the cabinet after so many days, or waiting so long; a response: its date.</summary>
    private static string ResponseNote(PublishedDocumentRow row, CabinetResponseTerm term, DateTimeOffset now)
    {
        if (row.Answers is not null && row.RespondedAtTicks is { } own)
        {
            return $"Cabinet response of {CabinetResponseTerm.DutchDate(new DateTimeOffset(own, TimeSpan.Zero)):yyyy-MM-dd}.";
        }
        if (row.AdvisedAtTicks is not { } advised)
        {
            return "";
        }
        var advisedAt = new DateTimeOffset(advised, TimeSpan.Zero);
        if (row.RespondedAtTicks is { } responded)
        {
            return $"Cabinet response after {CabinetResponseTerm.DaysBetween(advisedAt, new DateTimeOffset(responded, TimeSpan.Zero))} days.";
        }
        return $"No cabinet response yet: waiting {CabinetResponseTerm.DaysBetween(advisedAt, now)} days" +
            (row.ResponseOverdueAtTicks is not null || term.IsOverdue(advisedAt, null, now) ? $", past the term of {term.Months} months." : ".");
    }

    private static long Updated(PublishedDocumentRow row) => Math.Max(row.PublishedAtTicks, row.WithdrawnAtTicks ?? 0);

    private static string Time(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteAttributeString("type", type);
        xml.WriteEndElement();
    }

    private static void Category(XmlWriter xml, string term)
    {
        xml.WriteStartElement("category", Atom);
        xml.WriteAttributeString("term", TextRules.ForXml(term));
        xml.WriteEndElement();
    }
}
