using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Cli;

/// <summary>The committees: who sits on them, how they adopted their advice, what each side may see of it.</summary>
internal static partial class Commands
{
    public static async Task<int> Composition(Options o, CancellationToken ct)
    {
        var request = new GetCompositionRequest { Committee = Committee(o.Required("committee")), AsOf = o.Value("as-of") ?? "" };
        using var c = Connection.Open(o, ct);
        var composition = await new CommitteeComposition.CommitteeCompositionClient(c.Invoker).GetCompositionAsync(request, await c.Headers(), cancellationToken: ct);
        if (o.Flag("json"))
        {
            Output.Json(composition);
            return 0;
        }
        var info = composition.Committee;
        Console.WriteLine($"{info.Committee} as of {composition.AsOf}: {info.DecreeReference}, term {info.TermStart} to {info.TermEnd}");
        foreach (var s in composition.Seats)
        {
            var institution = s.Institution == ExpertInstitution.Unspecified ? "" : $" ({s.Institution})";
            var vote = s.HasVote ? "vote" : "no vote";
            Console.WriteLine($"  {s.Kind,-24}{institution,-28} {s.Name} [{s.Subject}]  {s.From} to {s.Until}, {vote}{(s.AgendaMember ? ", agenda member" : "")}");
        }
        return 0;
    }

    /// <summary>MIT: the chair records the vote; each --vote is "subject:for|against|abstain".</summary>
    public static async Task<int> Adopt(Options o, CancellationToken ct)
    {
        var request = new AdoptAdviceRequest
        {
            IdempotencyKey = Key(o), RequestId = o.Required("id"), DocumentDigest = o.Required("digest"), Summary = o.Required("summary"),
            UnanimousConsensus = o.Flag("unanimous"),
        };
        request.Votes.AddRange(Votes(o));
        using var c = Connection.Open(o, ct);
        var adopted = await Mutate(request.IdempotencyKey,
            new CommitteeComposition.CommitteeCompositionClient(c.Invoker).AdoptAdviceAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        Output.Json(adopted);
        return 0;
    }

    /// <summary>Each --vote is "subject:for|against|abstain".</summary>
    private static IEnumerable<Vote> Votes(Options o) => o.Values("vote").Select(vote =>
    {
        var colon = vote.LastIndexOf(':');
        var choice = colon < 0 ? "" : vote[(colon + 1)..].Trim().ToUpperInvariant();
        return new Vote
        {
            Subject = colon < 0 ? vote : vote[..colon].Trim(),
            Choice = choice switch
            {
                "FOR" => VoteChoice.For,
                "AGAINST" => VoteChoice.Against,
                "ABSTAIN" => VoteChoice.Abstain,
                _ => throw new UsageException($"--vote must be \"subject:for|against|abstain\", not '{vote}'."),
            },
        };
    }).ToList();

    /// <summary>A committee opens advice nobody asked for.</summary>
    public static async Task<int> UnsolicitedOpen(Options o, CancellationToken ct)
    {
        var request = new OpenUnsolicitedAdviceRequest
        {
            IdempotencyKey = Key(o), Committee = Committee(o.Required("committee")), Title = o.Required("title"), Question = o.Required("question"),
            Reason = o.Required("reason"), WorkProgrammeItem = o.Value("work-item") ?? "",
        };
        request.RelatedRequestIds.AddRange(o.Values("related"));
        using var c = Connection.Open(o, ct);
        Output.Json(await Mutate(request.IdempotencyKey,
            new CommitteeComposition.CommitteeCompositionClient(c.Invoker).OpenUnsolicitedAdviceAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
        return 0;
    }

    /// <summary>Adopts unsolicited advice the committee's way: MIT votes (--vote), OMT consensus (--dissent).</summary>
    public static async Task<int> UnsolicitedAdopt(Options o, CancellationToken ct)
    {
        var request = new AdoptUnsolicitedAdviceRequest
        {
            IdempotencyKey = Key(o), AdviceId = o.Required("id"), DocumentDigest = o.Required("digest"), Summary = o.Required("summary"),
            UnanimousConsensus = o.Flag("unanimous"), Dissent = o.Value("dissent") ?? "",
        };
        request.Votes.AddRange(Votes(o));
        using var c = Connection.Open(o, ct);
        Output.Json(await Mutate(request.IdempotencyKey,
            new CommitteeComposition.CommitteeCompositionClient(c.Invoker).AdoptUnsolicitedAdviceAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
        return 0;
    }

    public static async Task<int> Unsolicited(Options o, CancellationToken ct)
    {
        using var c = Connection.Open(o, ct);
        Output.Json(await new CommitteeComposition.CommitteeCompositionClient(c.Invoker).GetUnsolicitedAdviceAsync(
            new GetUnsolicitedAdviceRequest { AdviceId = o.Required("id") }, await c.Headers(), cancellationToken: ct));
        return 0;
    }

    /// <summary>OMT: the chair records the consensus, with dissent if any.</summary>
    public static async Task<int> Consensus(Options o, CancellationToken ct)
    {
        var request = new RecordConsensusRequest
        {
            IdempotencyKey = Key(o), RequestId = o.Required("id"), DocumentDigest = o.Required("digest"), Summary = o.Required("summary"),
            Dissent = o.Value("dissent") ?? "",
        };
        using var c = Connection.Open(o, ct);
        var adopted = await Mutate(request.IdempotencyKey,
            new CommitteeComposition.CommitteeCompositionClient(c.Invoker).RecordConsensusAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync);
        Output.Json(adopted);
        return 0;
    }

    /// <summary>Both committees' advice on a request as the caller may see it (sealed from the other side until the reveal).</summary>
    public static async Task<int> Advice(Options o, CancellationToken ct)
    {
        var request = new GetAdviceRequest { RequestId = o.Required("id") };
        using var c = Connection.Open(o, ct);
        Output.Json(await new CommitteeComposition.CommitteeCompositionClient(c.Invoker).GetAdviceAsync(request, await c.Headers(), cancellationToken: ct));
        return 0;
    }
}

/// <summary>Changes to the committees' composition: decrees, terms, appointments, declarations, substitutes.</summary>
internal static partial class Commands
{
    private static CommitteeComposition.CommitteeCompositionClient CompositionClient(Connection c) => new(c.Invoker);

    public static async Task<int> Establish(Options o, CancellationToken ct)
    {
        var request = new EstablishCommitteeRequest
        {
            IdempotencyKey = Key(o), Committee = Committee(o.Required("committee")), DecreeReference = o.Required("decree"),
            TermStart = o.Required("term-start"), TermEnd = o.Required("term-end"),
        };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, CompositionClient(c).EstablishCommitteeAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> ExtendTerm(Options o, CancellationToken ct)
    {
        var request = new ExtendTermRequest { IdempotencyKey = Key(o), Committee = Committee(o.Required("committee")), NewEnd = o.Required("new-end") };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, CompositionClient(c).ExtendTermAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> Appoint(Options o, CancellationToken ct)
    {
        var request = new AppointRequest
        {
            IdempotencyKey = Key(o), Committee = Committee(o.Required("committee")), Subject = o.Required("subject"), Name = o.Required("name"),
            Seat = o.Required("seat").ToLowerInvariant() switch
            {
                "chair" => SeatKind.Chair,
                "member" => SeatKind.Member,
                "expert" => SeatKind.ExpertMember,
                "substitute" => SeatKind.Substitute,
                "secretariat" => SeatKind.Secretariat,
                "secretary" => SeatKind.Secretary,
                "invited" => SeatKind.InvitedExpert,
                var other => throw new UsageException($"--seat must be chair, member, expert, substitute, secretariat, secretary or invited, not '{other}'."),
            },
            From = o.Required("from"), Until = o.Value("until") ?? "", AgendaMember = o.Flag("agenda-member"), Topic = o.Value("topic") ?? "",
            RequestId = o.Value("request") ?? "",
            Institution = (o.Value("institution") ?? "").ToLowerInvariant() switch
            {
                "" => ExpertInstitution.Unspecified,
                "cpb" => ExpertInstitution.Cpb,
                "pbl" => ExpertInstitution.Pbl,
                "scp" => ExpertInstitution.Scp,
                "ser" => ExpertInstitution.Ser,
                "rivm" => ExpertInstitution.RivmBehaviouralUnit,
                var other => throw new UsageException($"--institution must be cpb, pbl, scp, ser or rivm, not '{other}'."),
            },
        };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, CompositionClient(c).AppointAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> EndAppointment(Options o, CancellationToken ct)
    {
        var request = new EndAppointmentRequest
        { IdempotencyKey = Key(o), Committee = Committee(o.Required("committee")), AppointmentId = o.Required("appointment"), LastDay = o.Required("last-day") };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, CompositionClient(c).EndAppointmentAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> DeclareInterests(Options o, CancellationToken ct)
    {
        var request = new DeclareInterestsRequest
        { IdempotencyKey = Key(o), Committee = Committee(o.Required("committee")), Subject = o.Value("subject") ?? "", Interests = o.Required("interests") };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, CompositionClient(c).DeclareInterestsAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> DeclareConflict(Options o, CancellationToken ct)
    {
        var request = new DeclareConflictRequest
        {
            IdempotencyKey = Key(o), Committee = Committee(o.Required("committee")), Subject = o.Value("subject") ?? "", RequestId = o.Required("id"),
            Reason = o.Required("reason"),
        };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, CompositionClient(c).DeclareConflictAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }

    public static async Task<int> ActForSeat(Options o, CancellationToken ct)
    {
        var request = new ActForSeatRequest { IdempotencyKey = Key(o), AppointmentId = o.Required("appointment"), RequestId = o.Required("id") };
        using var c = Connection.Open(o, ct);
        return Show(await Mutate(request.IdempotencyKey, CompositionClient(c).ActForSeatAsync(request, await c.Headers(), cancellationToken: ct).ResponseAsync));
    }
}
