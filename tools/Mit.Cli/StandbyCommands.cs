using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Cli;

/// <summary>The standby MIT (the CPO's card index, signals, the inbox and its triggers) and the Development clock.</summary>
internal static partial class Commands
{
    private static Standby.StandbyClient StandbyClient(Connection c) => new(c.Invoker);

    /// <summary>A result without a readable form of its own: its protobuf JSON (with or without --json).</summary>
    private static int Show(IMessage message)
    {
        Output.Json(message);
        return 0;
    }

    public static async Task<int> Standby(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        var state = await StandbyClient(c).GetStandbyAsync(new GetStandbyRequest(), await c.Headers(), cancellationToken: ct);
        if (o.Flag("json"))
        {
            return Show(state);
        }
        Console.WriteLine($"standby    {state.StandbyId}  {(state.Active ? "active" : "ended")} since {state.Since}, CPO {state.CoordinatedBy}");
        Console.WriteLine($"cards      {state.Candidates.Count}");
        foreach (var s in state.Signals)
        {
            var answer = s.Answer == Platform.V1.SignalAnswer.Unspecified ? (s.Overdue ? "OVERDUE" : $"awaiting the SG SZW until {Output.Time(s.AnswerDue)}") : $"{s.Answer}{(s.AnsweredLate ? " (late)" : "")}";
            Console.WriteLine($"signal     {s.SignalId}  {s.Route}  {answer}");
        }
        return 0;
    }

    public static async Task<int> StandbyBegin(Options o, CancellationToken ct)
    {
        var request = new BeginStandbyRequest { IdempotencyKey = Key(o) };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, StandbyClient(c).BeginStandbyAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> CandidatePut(Options o, CancellationToken ct)
    {
        var card = new Candidate
        {
            Subject = o.Required("subject"), Name = o.Required("name"), Institution = o.Value("institution") ?? "", DeclaredInterests = o.Value("interests") ?? "",
            Availability = (o.Value("availability") ?? "available").ToLowerInvariant() switch
            {
                "available" => Availability.Available,
                "limited" => Availability.Limited,
                "unavailable" => Availability.Unavailable,
                var other => throw new UsageException($"--availability must be available, limited or unavailable, not '{other}'."),
            },
        };
        card.Expertise.AddRange(o.Values("expertise"));
        var request = new PutCandidateRequest { IdempotencyKey = Key(o), Candidate = card };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, StandbyClient(c).PutCandidateAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> CandidateRemove(Options o, CancellationToken ct)
    {
        var request = new RemoveCandidateRequest { IdempotencyKey = Key(o), Subject = o.Required("subject") };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, StandbyClient(c).RemoveCandidateAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> Coverage(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        var report = await StandbyClient(c).GetCoverageAsync(new GetCoverageRequest(), await c.Headers(), cancellationToken: ct);
        if (o.Flag("json"))
        {
            return Show(report);
        }
        foreach (var area in report.Areas)
        {
            Console.WriteLine($"{area.Expertise,-24} {(area.Covered ? string.Join(", ", area.Candidates) : "GAP")}");
        }
        Console.WriteLine(report.Complete ? "complete" : "gaps: " + string.Join(", ", report.Gaps));
        return 0;
    }

    public static async Task<int> SignalRaise(Options o, CancellationToken ct)
    {
        var request = new RaiseSignalRequest
        {
            IdempotencyKey = Key(o),
            Route = o.Required("route").ToLowerInvariant() switch
            {
                "a1" => SignalRoute.A1Status,
                "omt" => SignalRoute.OmtConvened,
                "own" => SignalRoute.OwnInitiative,
                var other => throw new UsageException($"--route must be a1, omt or own, not '{other}'."),
            },
            Rationale = o.Required("rationale"), Disease = o.Value("disease") ?? "", TriggeredOn = o.Value("triggered-on") ?? "",
        };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, StandbyClient(c).RaiseSignalAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> SignalAnswer(Options o, CancellationToken ct)
    {
        var request = new AnswerSignalRequest
        {
            IdempotencyKey = Key(o), SignalId = o.Required("signal"), Reasons = o.Value("reasons") ?? "",
            Answer = o.Required("answer").ToLowerInvariant() switch
            {
                "yes" => Platform.V1.SignalAnswer.Yes,
                "no" => Platform.V1.SignalAnswer.No,
                var other => throw new UsageException($"--answer must be yes or no, not '{other}'."),
            },
        };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, StandbyClient(c).AnswerSignalAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> Activate(Options o, CancellationToken ct)
    {
        var request = new ActivateRequest
        {
            IdempotencyKey = Key(o), SignalId = o.Required("signal"), DecreeReference = o.Required("decree"), TermStart = o.Value("term-start") ?? "",
            TermYears = o.Int("term-years") ?? 0, ChairSubject = o.Required("chair"),
        };
        request.MemberSubjects.AddRange(o.Values("member"));
        foreach (var expert in o.Values("expert"))
        {
            var parts = expert.Split(':', 3, StringSplitOptions.TrimEntries);
            if (parts.Length != 3)
            {
                throw new UsageException($"--expert must be INSTITUTION:SUBJECT:NAME, not '{expert}'.");
            }
            request.ExpertSeats.Add(new ExpertSeatPlan
            {
                Institution = parts[0].ToLowerInvariant() switch
                {
                    "cpb" => ExpertInstitution.Cpb,
                    "pbl" => ExpertInstitution.Pbl,
                    "scp" => ExpertInstitution.Scp,
                    "ser" => ExpertInstitution.Ser,
                    "rivm" => ExpertInstitution.RivmBehaviouralUnit,
                    var other => throw new UsageException($"--expert institution must be cpb, pbl, scp, ser or rivm, not '{other}'."),
                },
                Subject = parts[1], Name = parts[2],
            });
        }
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, StandbyClient(c).ActivateAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> OmtMeeting(Options o, CancellationToken ct)
    {
        var request = new RecordOmtMeetingRequest { IdempotencyKey = Key(o), MetOn = o.Required("met-on"), Topic = o.Required("topic"), RequestId = o.Value("request") ?? "" };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, StandbyClient(c).RecordOmtMeetingAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> A1(Options o, CancellationToken ct)
    {
        var request = new RecordA1ClassificationRequest { IdempotencyKey = Key(o), Disease = o.Required("disease"), ClassifiedOn = o.Required("classified-on") };
        using var c = Connection.Open(o, ct);
        return Notice(o, await Mutate(request.IdempotencyKey, StandbyClient(c).RecordA1ClassificationAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> OwnInitiative(Options o, CancellationToken ct)
    {
        var request = new NoteOwnInitiativeRequest { IdempotencyKey = Key(o), Reason = o.Required("reason") };
        using var c = Connection.Open(o, ct);
        return Notice(o, await Mutate(request.IdempotencyKey, StandbyClient(c).NoteOwnInitiativeAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> Inbox(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        var inbox = await StandbyClient(c).GetStandbyInboxAsync(new GetStandbyInboxRequest { FromPosition = o.Long("from") ?? 0, PageSize = 1000 }, await c.Headers(), cancellationToken: ct);
        if (o.Flag("json"))
        {
            return Show(inbox);
        }
        foreach (var notice in inbox.Notices)
        {
            Notice(o, notice);
        }
        return 0;
    }

    /// <summary>Replays the inbox from --from, then streams until Ctrl+C; reconnects from the last position seen.</summary>
    public static async Task<int> InboxWatch(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        var last = o.Long("from") ?? 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var call = StandbyClient(c).WatchStandbyInbox(new WatchStandbyInboxRequest { FromPosition = last }, await c.Headers(), cancellationToken: ct);
                while (await call.ResponseStream.MoveNext(ct))
                {
                    var notice = call.ResponseStream.Current;
                    if (o.Flag("json"))
                    {
                        Output.JsonLine(notice);
                    }
                    else
                    {
                        Notice(o, notice);
                    }
                    last = notice.Position;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal && !ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"Stream interrupted ({e.StatusCode}); reconnecting from position {last}.");
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

    private static int Notice(Options o, StandbyNotice n)
    {
        if (o.Flag("json"))
        {
            return Show(n);
        }
        Console.WriteLine($"#{n.Position,-4} {n.Kind,-14} {n.OccurredOn}  {n.Topic}");
        if (n.PrefilledSignal is { } signal)
        {
            Console.WriteLine($"      signal-raise --route {Route(signal.Route)}{(signal.Disease.Length > 0 ? $" --disease \"{signal.Disease}\"" : "")}" +
                $"{(signal.TriggeredOn.Length > 0 ? $" --triggered-on {signal.TriggeredOn}" : "")} --rationale \"{signal.Rationale}\"");
        }
        return 0;
    }

    private static string Route(SignalRoute route) => route switch
    {
        SignalRoute.A1Status => "a1",
        SignalRoute.OmtConvened => "omt",
        _ => "own",
    };

    public static async Task<int> Clock(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        return ClockState(o, await new DevelopmentClock.DevelopmentClockClient(c.Invoker).GetClockAsync(new GetClockRequest(), await c.Headers(), cancellationToken: ct));
    }

    public static async Task<int> ClockAdvance(Options o, CancellationToken ct)
    {
        var text = o.Required("by");
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var by))
        {
            throw new UsageException($"--by must be a time span such as 49:00:00 or 14.00:00:00, not '{text}'.");
        }
        var request = new AdvanceClockRequest { IdempotencyKey = Key(o), AdvanceBy = Duration.FromTimeSpan(by) };
        using var c = Connection.Open(o, ct);
        return ClockState(o, await Mutate(request.IdempotencyKey, new DevelopmentClock.DevelopmentClockClient(c.Invoker).AdvanceClockAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    private static int ClockState(Options o, ClockState state)
    {
        if (o.Flag("json"))
        {
            return Show(state);
        }
        Console.WriteLine($"now        {Output.Time(state.Now)}");
        Console.WriteLine($"offset     {state.Offset.ToTimeSpan()}");
        return 0;
    }
}
