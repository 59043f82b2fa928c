using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>P9's figures: the public document list, as JSON and as the portal's page, with this many documents published.</summary>
public sealed record PublicListResult(int Documents, int Reads, Summary JsonListMs, Summary PortalPageMs);

/// <summary>
/// P9: the public record's list with many published documents, on the all-in-one. The documents are work programmes,
/// each published through the real publication flow and its rules (uploaded by the MIT secretariat, sent to the SG SZW,
/// sent to parliament and published by the SZW publication officer): the shortest honest route to a published
/// document, four calls each, not timed. Then, one read at a time over one kept-alive connection from this process to
/// the gateway's web port (no token: the public record is anonymous): `GET /public/v1/documents` (the JSON list) and
/// `GET /openbaar` (the portal's page, server-rendered). The time is the loopback client's, from sending to the last
/// byte read: the server's time plus one loopback round trip, so an upper bound of the server time.
/// </summary>
internal static class PublicList
{
    private const int Callers = 8;

    public static async Task<(PublicListResult Result, List<string> Problems)> RunAsync(AllInOneProcess host, HarnessOptions options, CancellationToken ct)
    {
        var secretariat = new Publication.PublicationClient(host.As("mit-secretariat"));
        var officer = new Publication.PublicationClient(host.As("szw-publication"));
        Progress.Log($"P9: publishing {options.PublishedDocuments} work programmes through the publication flow ({Callers} callers, not timed)...");
        await Parallel.ForEachAsync(Enumerable.Range(0, options.PublishedDocuments), new ParallelOptions { MaxDegreeOfParallelism = Callers, CancellationToken = ct },
            async (i, token) => await PublishOneAsync(secretariat, officer, i, token));

        using var http = new HttpClient { BaseAddress = host.WebAddress, Timeout = TimeSpan.FromSeconds(60) };
        Progress.Log($"P9: {options.PublicListReads} warm-up + {options.PublicListReads} timed reads of each list, one at a time...");
        var json = await ReadAsync(http, "public/v1/documents", options, ct);
        var page = await ReadAsync(http, "openbaar", options, ct);
        return (new PublicListResult(options.PublishedDocuments, options.PublicListReads, json, page), []);
    }

    private static async Task PublishOneAsync(Publication.PublicationClient secretariat, Publication.PublicationClient officer, int i, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Requests.CallDeadline;
        var dossier = await secretariat.UploadWorkProgrammeAsync(new UploadWorkProgrammeRequest
        {
            IdempotencyKey = Requests.Key(), Title = $"Benchmark work programme {i}", MediaType = "text/plain",
            Content = ByteString.CopyFromUtf8($"Work programme {i} {Guid.NewGuid()}"),
        }, deadline: deadline, cancellationToken: ct);
        var document = dossier.Documents[0].Id;
        await secretariat.RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest { IdempotencyKey = Requests.Key(), DossierId = dossier.Id, DocumentId = document },
            deadline: deadline, cancellationToken: ct);
        await officer.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
        {
            IdempotencyKey = Requests.Key(), DossierId = dossier.Id, DocumentId = document, KamerbriefReference = $"Kamerstuk 99999, nr. {i + 1}",
            SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        }, deadline: deadline, cancellationToken: ct);
        await officer.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Requests.Key(), DossierId = dossier.Id }, deadline: deadline, cancellationToken: ct);
    }

    private static async Task<Summary> ReadAsync(HttpClient http, string path, HarnessOptions options, CancellationToken ct)
    {
        var times = new List<double>();
        for (var i = 0; i < 2 * options.PublicListReads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead, ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new MeasurementException($"P9: GET /{path} answered {(int)response.StatusCode}.");
            }
            if (i >= options.PublicListReads)
            {
                times.Add(ms);
            }
        }
        return Percentiles.Summarize(times);
    }
}
