using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Shared steps for the composition, adoption and standby tests, so each test states only what it is about. The
/// demo MIT seats demo-mit-chair and demo-mit-member (its only two votes), demo-mit-expert (CPB) and
/// demo-mit-secretariat; the demo OMT demo-omt-chair, demo-omt-secretary and demo-omt-member. Tests add only
/// fresh subjects in seats without a vote today, so that quorum stays two of two.
/// </summary>
internal static class Composition
{
    /// <summary>Everyone who begins the standby uses this key, so a second begin anywhere replays the first and never opens another.</summary>
    public const string StandbyBeginKey = "service-tests-begin-standby";

    public static CommitteeComposition.CommitteeCompositionClient Committees(this PlatformFixture platform, Persona persona) =>
        new(platform.Invoker(platform.Token(persona)));

    public static V1.Standby.StandbyClient Standby(this PlatformFixture platform, Persona persona) =>
        new(platform.Invoker(platform.Token(persona)));

    /// <summary>The token subject of a demo persona.</summary>
    public static string Subject(Persona persona) => "demo-" + persona.UserName;

    public static string Fresh(string what) => $"test-{what}-{Guid.NewGuid():n}";

    public static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Date(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A day relative to another "YYYY-MM-DD" day.</summary>
    public static string Plus(string date, int days) => Date(Date(date).AddDays(days));

    /// <summary>The composition on a date; without one, today as the service counts days (its as_of says which day that is).</summary>
    public static async Task<V1.Composition> CompositionOf(this PlatformFixture platform, Committee committee, string asOf = "") =>
        await platform.Committees(Persona.SzwRequester).GetCompositionAsync(new GetCompositionRequest { Committee = committee, AsOf = asOf });

    public static AppointRequest Appointment(Committee committee, SeatKind seat, string from, string? subject = null, string until = "",
        ExpertInstitution institution = ExpertInstitution.Unspecified) => new()
        {
            IdempotencyKey = Requests.Key(),
            Committee = committee,
            Subject = subject ?? Fresh(seat.ToString().ToLowerInvariant()),
            Name = "Test appointee",
            Seat = seat,
            From = from,
            Until = until,
            Institution = institution,
        };

    /// <summary>The SZW minister seats a fresh subject in the MIT secretariat (no vote).</summary>
    public static async Task<Seat> AppointSecretariat(this PlatformFixture platform, string from, string until = "") =>
        await platform.Committees(Persona.SzwMinister).AppointAsync(Appointment(Committee.Mit, SeatKind.Secretariat, from, until: until));

    public static EndAppointmentRequest Ending(Seat seat, string lastDay) =>
        new() { IdempotencyKey = Requests.Key(), Committee = seat.Committee, AppointmentId = seat.AppointmentId, LastDay = lastDay };

    /// <summary>Drafted by SZW, co-signed by VWS, and on both committee desks.</summary>
    public static async Task<AdviceRequest> ReleasedOnBothDesks(this PlatformFixture platform, RequestContent? content = null)
    {
        var draft = await platform.Requests(Persona.SzwRequester).DraftRequestAsync(Requests.Draft(content));
        var released = await platform.Requests(Persona.VwsRequester).CoSignAsync(Requests.CoSign(draft));
        await platform.Desks(Persona.MitSecretariat).OnDesk(Committee.Mit, released.Id);
        await platform.Desks(Persona.OmtSecretary).OnDesk(Committee.Omt, released.Id);
        return released;
    }

    /// <summary>Waits until the desk holds an entry of that kind for the request (and version, for RELEASED).</summary>
    public static async Task<DeskEntry> OnDesk(this CommitteeDesks.CommitteeDesksClient desk, Committee committee, string requestId, int version = 1,
        DeskEntryKind kind = DeskEntryKind.Released)
    {
        bool Matches(DeskEntry e) => e.RequestId == requestId && e.Kind == kind && (kind != DeskEntryKind.Released || e.Version == version);
        var entries = await Eventually.Get(
            async () => (await desk.ListDeskAsync(new ListDeskRequest { Committee = committee, PageSize = 1000 })).Entries,
            es => es.Any(Matches), $"{committee} desk holds {kind} {requestId} v{version}");
        return entries.Single(Matches);
    }

    /// <summary>The MIT chair's adoption with these votes.</summary>
    public static AdoptAdviceRequest Adoption(string requestId, params (string Subject, VoteChoice Choice)[] votes)
    {
        var request = new AdoptAdviceRequest
        {
            IdempotencyKey = Requests.Key(),
            RequestId = requestId,
            DocumentDigest = Digest("MIT advice on " + requestId),
            Summary = "MIT: proportionate, with accompanying social measures.",
        };
        request.Votes.AddRange(votes.Select(v => new Vote { Subject = v.Subject, Choice = v.Choice }));
        return request;
    }

    /// <summary>Both voting members of the demo MIT vote for.</summary>
    public static AdoptAdviceRequest AdoptionByBoth(string requestId) =>
        Adoption(requestId, (Subject(Persona.MitChair), VoteChoice.For), (Subject(Persona.MitMember), VoteChoice.For));

    public static RecordConsensusRequest Consensus(string requestId, string dissent = "") => new()
    {
        IdempotencyKey = Requests.Key(),
        RequestId = requestId,
        DocumentDigest = Digest("OMT advice on " + requestId),
        Summary = "OMT: epidemiologically justified for six weeks.",
        Dissent = dissent,
    };

    /// <summary>The standby as it is now; begun first (with the shared key) if it never was.</summary>
    public static async Task<StandbyState> StandbyNow(this PlatformFixture platform)
    {
        var cpo = platform.Standby(Persona.Cpo);
        await cpo.BeginStandbyAsync(new BeginStandbyRequest { IdempotencyKey = StandbyBeginKey });
        return await cpo.GetStandbyAsync(new GetStandbyRequest());
    }

    /// <summary>A signal by the route, with what that route requires (A1: disease and date; OMT convened: date).</summary>
    public static RaiseSignalRequest Signal(SignalRoute route, string triggeredOn = "") => new()
    {
        IdempotencyKey = Requests.Key(),
        Route = route,
        Rationale = "Societal effects of the measures need weighing: " + route,
        Disease = route == SignalRoute.A1Status ? "Fictional respiratory disease X" : "",
        TriggeredOn = route == SignalRoute.OwnInitiative ? "" : triggeredOn,
    };

    /// <summary>The call fails with the code (and, for InvalidArgument, names the field).</summary>
    public static async Task<RpcException> Refused(Func<Task> call, StatusCode code, string? field = null)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        if (field is not null)
        {
            var badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
            Assert.NotNull(badRequest);
            Assert.Contains(badRequest.FieldViolations, v => v.Field == field);
        }
        return e;
    }

    /// <summary>Refused as <see cref="Refused"/> says, and what <paramref name="read"/> shows is the same before and after.</summary>
    public static async Task<RpcException> RefusedWithoutChange<T>(Func<Task<T>> read, Func<Task> call, StatusCode code, string? field = null)
    {
        var before = await read();
        var e = await Refused(call, code, field);
        Assert.Equal(before, await read());
        return e;
    }
}
