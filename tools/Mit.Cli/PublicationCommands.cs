using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Mit.Platform.V1;

namespace Mit.Cli;

/// <summary>The publication protocol: texts, SG SZW / VWS, parliament, joint publication; and the public record.</summary>
internal static partial class Commands
{
    public static async Task<int> Dossier(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        Output.Json(await new Publication.PublicationClient(c.Invoker).GetDossierAsync(new GetDossierRequest { DossierId = o.Required("id") }, await c.Headers(), cancellationToken: ct));
        return 0;
    }

    /// <summary>The secretariat uploads the adopted text; its SHA-256 must be the adopted digest.</summary>
    public static Task<int> UploadAdvice(Options o, CancellationToken ct) => PublicationChange(o, (client, key, headers) =>
        client.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
        {
            IdempotencyKey = key, RequestId = o.Required("id"), Committee = Committee(o.Required("committee")), Title = o.Value("title") ?? "",
            MediaType = o.Value("media-type") ?? "application/pdf", Content = File(o),
        }, headers, cancellationToken: ct).ResponseAsync, ct);

    public static Task<int> Reflect(Options o, CancellationToken ct) => PublicationChange(o, (client, key, headers) =>
        client.UploadReflectionAsync(new UploadReflectionRequest
        {
            IdempotencyKey = key, RequestId = o.Required("id"), Title = o.Required("title"), MediaType = o.Value("media-type") ?? "application/pdf", Content = File(o),
        }, headers, cancellationToken: ct).ResponseAsync, ct);

    public static Task<int> ToPrincipal(Options o, CancellationToken ct) => PublicationChange(o, (client, key, headers) =>
        client.RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest { IdempotencyKey = key, DossierId = o.Required("id"), DocumentId = o.Required("document") },
            headers, cancellationToken: ct).ResponseAsync, ct);

    public static Task<int> ToParliament(Options o, CancellationToken ct) => PublicationChange(o, (client, key, headers) =>
        client.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
        {
            IdempotencyKey = key, DossierId = o.Required("id"), DocumentId = o.Required("document"), KamerbriefReference = o.Required("kamerbrief"),
            SentAt = Timestamp.FromDateTimeOffset(Moment(o, "sent-at") ?? DateTimeOffset.UtcNow),
        }, headers, cancellationToken: ct).ResponseAsync, ct);

    /// <summary>The ministry records the cabinet's response; each --answer is "dossier-id:document-id".</summary>
    public static Task<int> CabinetResponse(Options o, CancellationToken ct) => PublicationChange(o, (client, key, headers) =>
    {
        var request = new RecordCabinetResponseRequest
        {
            IdempotencyKey = key, Title = o.Required("title"), MediaType = o.Value("media-type") ?? "application/pdf", Content = File(o),
            RespondedAt = Timestamp.FromDateTimeOffset(Moment(o, "responded-at") ?? DateTimeOffset.UtcNow),
            KamerbriefReference = o.Value("kamerbrief") ?? "",
        };
        if (o.Value("kamerbrief") is not null)
        {
            request.SentAt = Timestamp.FromDateTimeOffset(Moment(o, "sent-at") ?? request.RespondedAt.ToDateTimeOffset());
        }
        request.Answers.AddRange(o.Values("answer").Select(a => a.Split(':') is [var dossier, var document]
            ? new AnsweredAdvice { DossierId = dossier, DocumentId = document }
            : throw new UsageException($"--answer must be \"dossier-id:document-id\", not '{a}'.")));
        return client.RecordCabinetResponseAsync(request, headers, cancellationToken: ct).ResponseAsync;
    }, ct);

    private static DateTimeOffset? Moment(Options o, string name) => o.Value(name) is { } at
        ? DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime() : throw new UsageException($"--{name} must be a date and time, not '{at}'.")
        : null;

    public static Task<int> NoAdvice(Options o, CancellationToken ct) => PublicationChange(o, (client, key, headers) =>
        client.RecordNoAdviceAsync(new RecordNoAdviceRequest { IdempotencyKey = key, RequestId = o.Required("id"), Committee = Committee(o.Required("committee")), Reason = o.Required("reason") },
            headers, cancellationToken: ct).ResponseAsync, ct);

    public static Task<int> Publish(Options o, CancellationToken ct) => PublicationChange(o, (client, key, headers) =>
        client.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = key, DossierId = o.Required("id") }, headers, cancellationToken: ct).ResponseAsync, ct);

    /// <summary>The public record, without signing in.</summary>
    public static async Task<int> Published(Options o, CancellationToken ct)
    {
        var gateway = o.Value("gateway") ?? Environment.GetEnvironmentVariable(Connection.GatewayVariable) ?? Connection.DefaultGateway;
        using var channel = GrpcChannel.ForAddress(gateway);
        Output.Json(await new PublicRecords.PublicRecordsClient(channel).ListPublishedAsync(new ListPublishedRequest
        {
            RequestId = o.Value("id") ?? "",
            Response = o.Value("response") switch
            {
                null => ResponseFilter.Unspecified,
                "answered" => ResponseFilter.Answered,
                "waiting" => ResponseFilter.Waiting,
                var other => throw new UsageException($"--response must be answered or waiting, not '{other}'."),
            },
        }, cancellationToken: ct));
        return 0;
    }

    private static async Task<int> PublicationChange(Options o,
        Func<Publication.PublicationClient, string, Grpc.Core.Metadata, Task<Mit.Platform.V1.Dossier>> call, CancellationToken ct)
    {
        var key = Key(o);
        using var c = Connection.Open(o, ct);
        Output.Json(await Mutate(key, call(new Publication.PublicationClient(c.Invoker), key, await c.Headers())));
        return 0;
    }

    private static ByteString File(Options o)
    {
        var path = o.Required("file");
        return System.IO.File.Exists(path) ? ByteString.CopyFrom(System.IO.File.ReadAllBytes(path)) : throw new UsageException($"--file {path} does not exist.");
    }
}
