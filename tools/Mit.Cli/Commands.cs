using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Cli;

/// <summary>One method per command: read the options, make the call(s), print the result.</summary>
internal static partial class Commands
{
    // The options that describe a request's content, shared by draft, revise and amend.
    public static readonly string[] ContentOptions = ["title", "question", "measure", "attachment", "deadline"];

    /// <summary>Prints an access token: of the demo user --as NAME (or --persona NAME), else of the stored session.</summary>
    public static async Task<int> Token(Options o, CancellationToken ct)
    {
        Console.WriteLine(await Authentication.TokenSource(o, ct)());
        return 0;
    }

    public static Task<int> Login(Options o, CancellationToken ct) => Authentication.LoginAsync(o, ct);

    public static Task<int> Logout(Options o, CancellationToken ct) => Task.FromResult(Authentication.Logout(o));

    public static async Task<int> Draft(Options o, CancellationToken ct)
    {
        var request = new DraftRequestRequest { IdempotencyKey = Key(o), Content = Content(o), CoSigningMinistry = Ministry(o.Required("co-signer")) };
        using var c = Connection.Open(o, ct);
        var result = await Mutate(request.IdempotencyKey, c.Requests.DraftRequestAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        return Print(o, result);
    }

    public static async Task<int> Revise(Options o, CancellationToken ct)
    {
        var request = new ReviseDraftRequest { IdempotencyKey = Key(o), RequestId = o.Required("id"), Content = Content(o) };
        using var c = Connection.Open(o, ct);
        var result = await Mutate(request.IdempotencyKey, c.Requests.ReviseDraftAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        return Print(o, result);
    }

    public static async Task<int> Amend(Options o, CancellationToken ct)
    {
        var request = new AmendRequest { IdempotencyKey = Key(o), RequestId = o.Required("id"), Content = Content(o) };
        using var c = Connection.Open(o, ct);
        var result = await Mutate(request.IdempotencyKey, c.Requests.AmendAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        return Print(o, result);
    }

    public static async Task<int> Get(Options o, CancellationToken ct)
    {
        var id = o.Required("id");
        using var c = Connection.Open(o, ct);
        return Print(o, await c.Requests.GetRequestAsync(new GetRequestRequest { RequestId = id }, await c.Headers(), cancellationToken: ct));
    }

    public static async Task<int> List(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        // Follow the pages so the user sees everything; the server caps a page at 100.
        var all = new ListRequestsResponse();
        var token = "";
        do
        {
            var page = await c.Requests.ListRequestsAsync(new ListRequestsRequest { PageSize = 100, PageToken = token }, await c.Headers(), cancellationToken: ct);
            all.Requests.AddRange(page.Requests);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        if (o.Flag("json"))
        {
            Output.Json(all);
        }
        else if (all.Requests.Count == 0)
        {
            Console.WriteLine("No requests.");
        }
        else
        {
            foreach (var r in all.Requests)
            {
                Output.RequestLine(r);
            }
        }
        return 0;
    }

    public static async Task<int> CoSign(Options o, CancellationToken ct)
    {
        var id = o.Required("id");
        var version = o.Int("version");
        var digest = o.Value("digest");
        if (version is null != digest is null)
        {
            throw new UsageException("Give both --version and --digest, or neither (then the pending version is read first).");
        }
        using var c = Connection.Open(o, ct);
        if (version is null)
        {
            // Co-sign exactly what was read: the digest pins the content, so a change in between is refused.
            var current = await c.Requests.GetRequestAsync(new GetRequestRequest { RequestId = id }, await c.Headers(), cancellationToken: ct);
            var toSign = current.Pending ?? (current.State == RequestState.AwaitingCoSignature ? current.Current : null)
                ?? throw new CliException($"Request {id} has nothing awaiting co-signature (state {current.State}).");
            // On stderr with --json, so stdout stays one JSON document.
            var log = o.Flag("json") ? Console.Error : Console.Out;
            log.WriteLine($"Co-signing \"{toSign.Content?.Title}\" {Output.Version(toSign)}");
            version = toSign.Number;
            digest = toSign.Digest;
        }
        var request = new CoSignRequest { IdempotencyKey = Key(o), RequestId = id, Version = version.Value, Digest = digest };
        var result = await Mutate(request.IdempotencyKey, c.Requests.CoSignAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        return Print(o, result);
    }

    public static async Task<int> Decline(Options o, CancellationToken ct)
    {
        var request = new DeclineCoSigningRequest { IdempotencyKey = Key(o), RequestId = o.Required("id"), Reason = o.Required("reason") };
        using var c = Connection.Open(o, ct);
        var result = await Mutate(request.IdempotencyKey, c.Requests.DeclineCoSigningAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        return Print(o, result);
    }

    public static async Task<int> Withdraw(Options o, CancellationToken ct)
    {
        var request = new WithdrawRequest { IdempotencyKey = Key(o), RequestId = o.Required("id"), Reason = o.Required("reason") };
        using var c = Connection.Open(o, ct);
        var result = await Mutate(request.IdempotencyKey, c.Requests.WithdrawAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        return Print(o, result);
    }

    public static async Task<int> Link(Options o, CancellationToken ct)
    {
        var request = new LinkRelatedRequest { IdempotencyKey = Key(o), RequestId = o.Required("id"), Note = o.Value("note") ?? "" };
        switch (o.Value("related"), o.Value("external"))
        {
            case ({ } related, null):
                request.RelatedRequestId = related;
                break;
            case (null, { } external):
                request.ExternalReference = external;
                break;
            default:
                throw new UsageException("Give one of --related ID or --external TEXT.");
        }
        using var c = Connection.Open(o, ct);
        var result = await Mutate(request.IdempotencyKey, c.Requests.LinkRelatedAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        return Print(o, result);
    }

    public static async Task<int> Watch(Options o, CancellationToken ct)
    {
        var committee = Committee(o.Required("committee"));
        var last = o.Long("from") ?? 0;
        using var c = Connection.Open(o, ct);
        // While the platform is down every retry fails alike: say so once, not every second.
        string? lastProblem = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var call = c.Desks.WatchDesk(new WatchDeskRequest { Committee = committee, FromPosition = last }, await c.Headers(), cancellationToken: ct);
                await foreach (var entry in call.ResponseStream.ReadAllAsync(ct))
                {
                    if (o.Flag("json"))
                    {
                        Output.JsonLine(entry);
                    }
                    else
                    {
                        Output.DeskEntry(entry);
                    }
                    last = entry.Position;
                    lastProblem = null;
                }
                // The server ended the stream (e.g. it is shutting down): resume like after a drop.
                await Console.Error.WriteLineAsync($"Stream ended; reconnecting from position {last} in 1 s.");
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal && !ct.IsCancellationRequested)
            {
                var problem = $"Connection lost ({e.StatusCode}: {e.Status.Detail}); reconnecting every 1 s from position {last}.";
                if (problem != lastProblem)
                {
                    await Console.Error.WriteLineAsync(problem);
                    lastProblem = problem;
                }
            }
            catch (IdentityUnreachableException e) when (!ct.IsCancellationRequested)
            {
                // No fresh token while the platform restarts: retry like a lost connection.
                var problem = $"{e.Message} Retrying every 1 s from position {last}.";
                if (problem != lastProblem)
                {
                    await Console.Error.WriteLineAsync(problem);
                    lastProblem = problem;
                }
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                break;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return 0;
    }

    public static async Task<int> Ack(Options o, CancellationToken ct)
    {
        var request = new AcknowledgeReceiptRequest
        {
            IdempotencyKey = Key(o),
            Committee = Committee(o.Required("committee")),
            RequestId = o.Required("id"),
            Version = o.Int("version") ?? throw new UsageException("Missing option --version."),
            Digest = o.Required("digest"),
        };
        using var c = Connection.Open(o, ct);
        var entry = await Mutate(request.IdempotencyKey, c.Desks.AcknowledgeReceiptAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        if (o.Flag("json"))
        {
            Output.Json(entry);
        }
        else
        {
            Output.DeskEntry(entry);
        }
        return 0;
    }

    /// <summary>Every mutating call carries one: random per call unless --idempotency-key K is given.</summary>
    private static string Key(Options o) => o.Value("idempotency-key") ?? Guid.NewGuid().ToString();

    /// <summary>If the outcome of a change is unknown, print its key: retrying with it cannot apply the change twice.</summary>
    private static async Task<T> Mutate<T>(string key, Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown)
        {
            await Console.Error.WriteLineAsync($"The change may or may not have been made; retry safely with --idempotency-key {key}");
            throw;
        }
    }

    private static int Print(Options o, AdviceRequest result)
    {
        if (o.Flag("json"))
        {
            Output.Json(result);
        }
        else
        {
            Output.Request(result);
        }
        return 0;
    }

    private static RequestContent Content(Options o)
    {
        var content = new RequestContent { Title = o.Required("title"), Question = o.Required("question") };
        foreach (var measure in o.Values("measure"))
        {
            // "name: description" — the description may itself contain colons.
            var colon = measure.IndexOf(':', StringComparison.Ordinal);
            content.Measures.Add(colon < 0
                ? new ProposedMeasure { Name = measure.Trim() }
                : new ProposedMeasure { Name = measure[..colon].Trim(), Description = measure[(colon + 1)..].Trim() });
        }
        foreach (var attachment in o.Values("attachment"))
        {
            var parts = attachment.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length != 4 || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size))
            {
                throw new UsageException($"--attachment must be \"name;media/type;size;sha256\", not '{attachment}'.");
            }
            content.Attachments.Add(new Attachment { Name = parts[0], MediaType = parts[1], SizeBytes = size, Sha256 = parts[3] });
        }
        if (o.Value("deadline") is { } deadline)
        {
            if (!DateTimeOffset.TryParse(deadline, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due))
            {
                throw new UsageException($"--deadline must be a date and time such as 2026-12-01T12:00:00Z, not '{deadline}'.");
            }
            content.Deadline = Timestamp.FromDateTimeOffset(due);
        }
        // Urgent may carry a deadline (default: release + 48 h); a regular request needs one.
        content.Urgency = o.Flag("urgent") ? Urgency.Urgent
            : content.Deadline is not null ? Urgency.Regular
            : throw new UsageException("Give --urgent, or --deadline for a regular request.");
        return content;
    }

    private static Ministry Ministry(string text) => text.ToUpperInvariant() switch
    {
        "SZW" => Platform.V1.Ministry.Szw,
        "VWS" => Platform.V1.Ministry.Vws,
        _ => throw new UsageException($"--co-signer must be SZW or VWS, not '{text}'."),
    };

    private static Committee Committee(string text) => text.ToUpperInvariant() switch
    {
        "MIT" => Platform.V1.Committee.Mit,
        "OMT" => Platform.V1.Committee.Omt,
        _ => throw new UsageException($"--committee must be mit or omt, not '{text}'."),
    };
}
