using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mit.Platform.V1;

namespace Mit.Cli;

/// <summary>Confidential OMT briefings: add, list, read (to a file, watermarked), watch; sharing under VWS consent; the audit log.</summary>
internal static partial class Commands
{
    private const int ChunkBytes = 64 * 1024;

    private static Briefings.BriefingsClient BriefingsClient(Connection c) => new(c.Invoker);

    /// <summary>Streams the file in chunks (UploadBriefing), so files up to the 3 MiB limit go as one briefing.</summary>
    public static async Task<int> BriefingAdd(Options o, CancellationToken ct)
    {
        var path = o.Required("file");
        if (!System.IO.File.Exists(path))
        {
            throw new UsageException($"--file: no such file '{path}'.");
        }
        var header = new AddBriefingRequest
        {
            IdempotencyKey = Key(o),
            Header = new BriefingHeader
            {
                RequestId = o.Required("id"), Title = o.Required("title"), MediaType = o.Value("media-type") ?? MediaType(path),
                SupersedesBriefingId = o.Value("supersedes") ?? "",
                Classification = (o.Value("classification") ?? "confidential").ToLowerInvariant() switch
                {
                    "confidential" => Classification.Confidential,
                    "restricted" => Classification.Restricted,
                    var other => throw new UsageException($"--classification must be confidential or restricted, not '{other}'."),
                },
            },
        };
        using var c = Connection.Open(o, ct);
        using var call = BriefingsClient(c).UploadBriefing(await c.Headers(), cancellationToken: ct);
        await call.RequestStream.WriteAsync(new UploadBriefingChunk { Header = header }, ct);
        await using (var file = System.IO.File.OpenRead(path))
        {
            var buffer = new byte[ChunkBytes];
            int read;
            while ((read = await file.ReadAsync(buffer, ct)) > 0)
            {
                await call.RequestStream.WriteAsync(new UploadBriefingChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, ct);
            }
        }
        await call.RequestStream.CompleteAsync();
        return Show(await Mutate(header.IdempotencyKey, call.ResponseAsync));
    }

    public static async Task<int> BriefingList(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        var list = await BriefingsClient(c).ListBriefingsAsync(new ListBriefingsRequest { RequestId = o.Required("id") }, await c.Headers(), cancellationToken: ct);
        if (o.Flag("json"))
        {
            return Show(list);
        }
        Console.WriteLine($"sharing    {list.Sharing?.State}  (your access: {(list.Access ? "yes" : "no")})");
        foreach (var b in list.Briefings)
        {
            Console.WriteLine($"#{b.Position,-4} {b.BriefingId}  v{b.Version} {(b.Withheld ? "(title withheld)" : b.Title)}  {b.Classification}, {b.SizeBytes} bytes, {Output.Time(b.AddedAt)}");
        }
        return 0;
    }

    /// <summary>Writes the content to --out (a file of the reader's own); prints the watermark id of this copy.</summary>
    public static async Task<int> BriefingRead(Options o, CancellationToken ct)
    {
        var target = o.Required("out");
        using var c = Connection.Open(o, ct);
        using var call = BriefingsClient(c).ReadBriefing(new ReadBriefingRequest { BriefingId = o.Required("briefing") }, await c.Headers(), cancellationToken: ct);
        var watermark = "";
        await using (var file = System.IO.File.Create(target))
        {
            while (await call.ResponseStream.MoveNext(ct))
            {
                var chunk = call.ResponseStream.Current;
                watermark = chunk.WatermarkId.Length > 0 ? chunk.WatermarkId : watermark;
                chunk.Data.WriteTo(file);
            }
        }
        Console.WriteLine($"written    {target}");
        Console.WriteLine($"watermark  {watermark}");
        return 0;
    }

    public static async Task<int> BriefingWatch(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        using var call = BriefingsClient(c).WatchBriefings(new WatchBriefingsRequest { RequestId = o.Required("id"), FromPosition = o.Long("from") ?? 0 },
            await c.Headers(), cancellationToken: ct);
        try
        {
            while (await call.ResponseStream.MoveNext(ct))
            {
                var update = call.ResponseStream.Current;
                if (o.Flag("json"))
                {
                    Output.JsonLine(update);
                    continue;
                }
                Console.WriteLine(update.KindCase switch
                {
                    BriefingUpdate.KindOneofCase.Briefing => $"briefing   #{update.Briefing.Info.Position} {update.Briefing.Info.Title} ({update.Briefing.Info.SizeBytes} bytes, watermark {update.Briefing.WatermarkId})",
                    BriefingUpdate.KindOneofCase.Notice => $"notice     #{update.Notice.Position} a briefing exists{(update.Notice.Withheld ? " (title withheld)" : ": " + update.Notice.Title)}",
                    _ => $"sharing    {update.Sharing.State}",
                });
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C ends the watch.
        }
        return 0;
    }

    public static async Task<int> Propose(Options o, CancellationToken ct)
    {
        var request = new ProposeSharingRequest
        {
            IdempotencyKey = Key(o), RequestId = o.Required("id"), ShowTitles = o.Flag("show-titles"), Note = o.Value("note") ?? "",
            Audience = (o.Value("audience") ?? "members").ToLowerInvariant() switch
            {
                "members" => SharingAudience.MembersAndChair,
                "secretariat" => SharingAudience.WithSecretariat,
                "experts" => SharingAudience.WithExpertMembers,
                var other => throw new UsageException($"--audience must be members, secretariat or experts, not '{other}'."),
            },
        };
        if (o.Value("until") is { } until)
        {
            request.Until = Timestamp.FromDateTimeOffset(DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end)
                ? end : throw new UsageException($"--until must be a date and time such as 2026-12-01T12:00:00Z, not '{until}'."));
        }
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, BriefingsClient(c).ProposeSharingAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> Consent(Options o, CancellationToken ct)
    {
        var request = new GrantConsentRequest { IdempotencyKey = Key(o), RequestId = o.Required("id") };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, BriefingsClient(c).GrantConsentAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> Refuse(Options o, CancellationToken ct)
    {
        var request = new RefuseConsentRequest { IdempotencyKey = Key(o), RequestId = o.Required("id"), Reason = o.Required("reason") };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, BriefingsClient(c).RefuseConsentAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> Revoke(Options o, CancellationToken ct)
    {
        var request = new RevokeConsentRequest { IdempotencyKey = Key(o), RequestId = o.Required("id"), Reason = o.Value("reason") ?? "" };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, BriefingsClient(c).RevokeConsentAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> SharingOf(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        if (o.Value("id") is { } id)
        {
            return Show(await BriefingsClient(c).GetSharingAsync(new GetSharingRequest { RequestId = id }, await c.Headers(), cancellationToken: ct));
        }
        return Show(await BriefingsClient(c).ListSharingsAsync(new ListSharingsRequest { PageSize = 100 }, await c.Headers(), cancellationToken: ct));
    }

    public static async Task<int> Audit(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        var page = await BriefingsClient(c).ListAuditRecordsAsync(new ListAuditRecordsRequest
        { AfterSequence = o.Long("after") ?? 0, RequestId = o.Value("id") ?? "", PageSize = 1000 }, await c.Headers(), cancellationToken: ct);
        if (o.Flag("json"))
        {
            return Show(page);
        }
        foreach (var r in page.Records)
        {
            Console.WriteLine($"#{r.Sequence,-6} {Output.Time(r.At)}  {r.Action,-18} {r.Outcome,-8} {r.Actor}  {r.RequestId} {r.BriefingId} {r.WatermarkId}");
        }
        return 0;
    }

    public static async Task<int> AuditVerify(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        var result = await BriefingsClient(c).VerifyAuditLogAsync(new VerifyAuditLogRequest(), await c.Headers(), cancellationToken: ct);
        if (o.Flag("json"))
        {
            Show(result);
        }
        else
        {
            Console.WriteLine(result.Intact
                ? $"intact: {result.RecordsChecked} records checked"
                : $"BROKEN at record {result.FirstBrokenSequence}: {result.Problem}");
        }
        // A broken chain is a failure a script must notice.
        return result.Intact ? 0 : 1;
    }

    public static async Task<int> Trace(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        return Show(await BriefingsClient(c).TraceWatermarkAsync(new TraceWatermarkRequest { WatermarkId = o.Required("watermark") }, await c.Headers(), cancellationToken: ct));
    }

    private static string MediaType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".md" => "text/markdown",
        ".csv" => "text/csv",
        ".json" => "application/json",
        _ => "text/plain",
    };
}
