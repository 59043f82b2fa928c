using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Every RPC × every persona (all demo personas, test users of other organisations, a service client) against one
/// table of who may do what. A persona outside a row's allowed set must be refused (PermissionDenied, or NotFound
/// where existence itself is hidden): 0 false allows. An allowed persona must not be refused. A new RPC without a
/// row fails the test.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class AuthorizationMatrixTests(PlatformFixture platform)
{
    private static readonly string[] Requesters = ["szw-requester", "vws-requester", "szw-colleague"];
    private static readonly string[] CommitteeReaders = ["mit-chair", "mit-member", "mit-expert", "mit-secretariat", "omt-chair", "omt-secretary", "omt-member"];
    private static readonly string[] ServiceClient = ["service:" + PlatformFixture.ServiceClientId];

    private static readonly string[] Everyone =
    [
        "szw-requester", "sg-szw", "vws-requester", "vws-minister", "vws-delegate", "omt-chair", "omt-secretary", "omt-member",
        "mit-chair", "mit-member", "mit-expert", "mit-secretariat", "cpo", "szw-publication", "operator",
        "szw-colleague", "rivm-requester", .. ServiceClient,
    ];

    /// <summary>One row: an RPC in a situation, who may call it, and how others are refused.</summary>
    private sealed record Row(string Rpc, string Situation, string[] Allowed, Func<Task<object>> Setup,
        Func<CallInvoker, object, Task> Call, StatusCode Refusal = StatusCode.PermissionDenied, string[]? Hidden = null);

    private V1.AdviceRequests.AdviceRequestsClient As(string persona) => new(platform.Invoker(Token(persona)));

    private string Token(string persona)
    {
        if (persona.StartsWith("service:", StringComparison.Ordinal))
        {
            return platform.RequestToken(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = PlatformFixture.ServiceClientId,
                ["client_secret"] = platform.ServiceClientSecret, ["scope"] = "advice-requests committees briefings",
            }).GetAwaiter().GetResult().AccessToken!;
        }
        return platform.Token(Persona.SzwRequester with { UserName = persona }, "advice-requests committees briefings");
    }

    private async Task<object> DraftBySzw() => await As("szw-requester").DraftRequestAsync(Requests.Draft());

    private async Task<object> Released()
    {
        var draft = await As("szw-requester").DraftRequestAsync(Requests.Draft());
        return await As("vws-requester").CoSignAsync(Requests.CoSign(draft));
    }

    private async Task<object> ReleasedOnDesks()
    {
        var released = (AdviceRequest)await Released();
        var desk = platform.Desks(Persona.MitSecretariat);
        await Eventually.Get(async () => (await desk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit, PageSize = 1000 })).Entries,
            es => es.Any(e => e.RequestId == released.Id), "released request on the MIT desk");
        var omt = platform.Desks(Persona.OmtSecretary);
        await Eventually.Get(async () => (await omt.ListDeskAsync(new ListDeskRequest { Committee = Committee.Omt, PageSize = 1000 })).Entries,
            es => es.Any(e => e.RequestId == released.Id), "released request on the OMT desk");
        return released;
    }

    private static Task<object> Nothing() => Task.FromResult<object>(new object());

    private static async Task Watch(CallInvoker invoker, Committee committee)
    {
        using var call = new CommitteeDesks.CommitteeDesksClient(invoker).WatchDesk(new WatchDeskRequest { Committee = committee },
            deadline: DateTime.UtcNow.AddSeconds(2));
        await call.ResponseStream.MoveNext();
    }

    private IEnumerable<Row> Table()
    {
        static V1.AdviceRequests.AdviceRequestsClient R(CallInvoker i) => new(i);
        static CommitteeDesks.CommitteeDesksClient D(CallInvoker i) => new(i);
        static AdviceRequest A(object o) => (AdviceRequest)o;
        string[] mitDesk = ["mit-secretariat", "mit-chair"];
        string[] omtDesk = ["omt-secretary", "omt-chair"];

        yield return new("AdviceRequests/DraftRequest", "new", Requesters, Nothing, (i, _) => R(i).DraftRequestAsync(Requests.Draft()).ResponseAsync);
        yield return new("AdviceRequests/ReviseDraft", "drafted by SZW", ["szw-requester", "szw-colleague"], DraftBySzw,
            (i, s) => R(i).ReviseDraftAsync(new ReviseDraftRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, Content = Requests.Content("revised") }).ResponseAsync);
        yield return new("AdviceRequests/CoSign", "drafted by SZW", ["vws-requester"], DraftBySzw,
            (i, s) => R(i).CoSignAsync(Requests.CoSign(A(s))).ResponseAsync);
        yield return new("AdviceRequests/DeclineCoSigning", "drafted by SZW", ["vws-requester"], DraftBySzw,
            (i, s) => R(i).DeclineCoSigningAsync(new DeclineCoSigningRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, Reason = "no" }).ResponseAsync);
        yield return new("AdviceRequests/Withdraw", "drafted by SZW", ["szw-requester", "szw-colleague"], DraftBySzw,
            (i, s) => R(i).WithdrawAsync(new WithdrawRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, Reason = "no longer needed" }).ResponseAsync);
        yield return new("AdviceRequests/Amend", "released", Requesters, Released,
            (i, s) => R(i).AmendAsync(new AmendRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, Content = Requests.Content("amended " + Guid.NewGuid()) }).ResponseAsync);
        yield return new("AdviceRequests/LinkRelated", "released", Requesters, Released,
            (i, s) => R(i).LinkRelatedAsync(new LinkRelatedRequest { IdempotencyKey = Requests.Key(), RequestId = A(s).Id, ExternalReference = "ref " + Guid.NewGuid() }).ResponseAsync);
        yield return new("AdviceRequests/GetRequest", "released", [.. Requesters, .. CommitteeReaders], Released,
            (i, s) => R(i).GetRequestAsync(new GetRequestRequest { RequestId = A(s).Id }).ResponseAsync);
        yield return new("AdviceRequests/GetRequest", "draft (hidden from committees)", Requesters, DraftBySzw,
            (i, s) => R(i).GetRequestAsync(new GetRequestRequest { RequestId = A(s).Id }).ResponseAsync, Hidden: CommitteeReaders);
        yield return new("AdviceRequests/ListRequests", "any", [.. Requesters, .. CommitteeReaders], Nothing,
            (i, _) => R(i).ListRequestsAsync(new ListRequestsRequest()).ResponseAsync);
        foreach (var (committee, allowed) in new[] { (Committee.Mit, mitDesk), (Committee.Omt, omtDesk) })
        {
            yield return new("CommitteeDesks/ListDesk", $"{committee} desk", allowed, Nothing,
                (i, _) => D(i).ListDeskAsync(new ListDeskRequest { Committee = committee }).ResponseAsync);
            yield return new("CommitteeDesks/WatchDesk", $"{committee} desk", allowed, ReleasedOnDesks, (i, _) => Watch(i, committee));
            yield return new("CommitteeDesks/AcknowledgeReceipt", $"{committee} desk", allowed, ReleasedOnDesks,
                (i, s) => D(i).AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest
                { IdempotencyKey = Requests.Key(), Committee = committee, RequestId = A(s).Id, Version = 1, Digest = A(s).Current.Digest }).ResponseAsync);
        }
        foreach (var row in BriefingsRows())
        {
            yield return row;
        }
    }

    [Fact]
    public void Every_rpc_has_a_row()
    {
        var rpcs = new[] { AdviceRequestsReflection.Descriptor, CommitteesReflection.Descriptor, BriefingsReflection.Descriptor }
            .SelectMany(f => f.Services).SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}"));
        var covered = Table().Select(r => r.Rpc).ToHashSet();
        var missing = rpcs.Where(r => !covered.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "RPCs without a row in the authorization table: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task No_persona_is_allowed_what_the_table_does_not_allow_and_none_is_refused_what_it_allows()
    {
        var falseAllows = new List<string>();
        var falseDenials = new List<string>();
        foreach (var row in Table())
        {
            var state = await row.Setup();
            // Refused personas first: a refusal must not depend on what an allowed caller did before.
            foreach (var persona in Everyone.Where(p => !row.Allowed.Contains(p)))
            {
                var expected = row.Hidden?.Contains(persona) == true ? StatusCode.NotFound : row.Refusal;
                var status = await Status(() => row.Call(platform.Invoker(Token(persona)), state));
                if (status != expected)
                {
                    falseAllows.Add($"{row.Rpc} [{row.Situation}] as {persona}: {status}, expected {expected}");
                }
            }
            foreach (var persona in row.Allowed)
            {
                var status = await Status(() => row.Call(platform.Invoker(Token(persona)), state));
                if (status is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                {
                    falseDenials.Add($"{row.Rpc} [{row.Situation}] as {persona}: {status}");
                }
            }
        }
        Assert.Empty(falseAllows);
        Assert.Empty(falseDenials);
    }

    private static async Task<StatusCode> Status(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
