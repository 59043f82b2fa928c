using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Every kind of bad token is refused by the gateway and by each service itself (defence in depth); the control
/// case proves the forged tokens are refused for the flaw they carry, not for how they were made.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TokenVariantTests(PlatformFixture platform)
{
    public static readonly TheoryData<string> Entrances = new() { "gateway", "service" };

    private GrpcChannel Channel(string entrance) => entrance == "gateway" ? platform.Channel : GrpcChannel.ForAddress(platform.Host.ServicesAddress);

    /// <summary>One read per service: AdviceRequests.ListRequests and CommitteeDesks.ListDesk.</summary>
    private async Task<(StatusCode Requests, StatusCode Desks)> Call(string entrance, string? token)
    {
        var invoker = PlatformFixture.Invoker(Channel(entrance), token);
        return (await Status(() => new V1.AdviceRequests.AdviceRequestsClient(invoker).ListRequestsAsync(new ListRequestsRequest()).ResponseAsync),
                await Status(() => new CommitteeDesks.CommitteeDesksClient(invoker).ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit }).ResponseAsync));
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

    private Dictionary<string, object> Claims(string? issuer = null, object? audience = null) => new()
    {
        ["iss"] = issuer ?? platform.Issuer,
        ["aud"] = audience ?? new[] { PlatformApis.AdviceRequests, PlatformApis.Committees },
        ["sub"] = "forged-user",
        ["name"] = "Forged",
        ["org"] = "SCP",
        ["role"] = new[] { PlatformRoles.Requester, PlatformRoles.MitSecretariat },
    };

    private async Task AssertRefused(string entrance, string? token)
    {
        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), await Call(entrance, token));
    }

    [Theory, MemberData(nameof(Entrances))]
    public async Task Control_a_well_formed_token_signed_with_the_identity_key_is_accepted(string entrance)
    {
        // An SZW requester who is also MIT secretariat may make both reads.
        var claims = Claims();
        claims["org"] = "SZW";
        Assert.Equal((StatusCode.OK, StatusCode.OK), await Call(entrance, platform.Forge(claims)));
    }

    [Theory, MemberData(nameof(Entrances))]
    public Task No_token(string entrance) => AssertRefused(entrance, null);

    [Theory, MemberData(nameof(Entrances))]
    public Task Expired(string entrance) =>
        AssertRefused(entrance, platform.Forge(Claims(), expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddMinutes(-20)));

    [Theory, MemberData(nameof(Entrances))]
    public Task Not_yet_valid(string entrance) =>
        AssertRefused(entrance, platform.Forge(Claims(), notBefore: DateTime.UtcNow.AddMinutes(5), expires: DateTime.UtcNow.AddMinutes(20)));

    [Theory, MemberData(nameof(Entrances))]
    public Task Wrong_issuer(string entrance) => AssertRefused(entrance, platform.Forge(Claims(issuer: "http://127.0.0.1:1/")));

    [Theory, MemberData(nameof(Entrances))]
    public Task Wrong_audience(string entrance) => AssertRefused(entrance, platform.Forge(Claims(audience: new[] { "publication-elsewhere" })));

    [Theory, MemberData(nameof(Entrances))]
    public Task Typ_JWT_instead_of_at_jwt(string entrance) => AssertRefused(entrance, platform.Forge(Claims(), type: "JWT"));

    [Theory, MemberData(nameof(Entrances))]
    public async Task An_identity_token_used_as_an_access_token(string entrance)
    {
        var issued = await platform.RequestToken(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "mit-cli", ["username"] = "szw-requester",
            ["password"] = Identity.Domain.DemoPersonas.Password, ["scope"] = "openid profile advice-requests committees",
        });
        Assert.False(string.IsNullOrEmpty(issued.IdentityToken));
        await AssertRefused(entrance, issued.IdentityToken);
    }

    [Theory, MemberData(nameof(Entrances))]
    public Task Alg_none(string entrance)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var unsigned = Part("""{"alg":"none","typ":"at+jwt"}""") + "." +
            Part($$"""{"iss":"{{platform.Issuer}}","aud":["advice-requests","committees"],"sub":"x","org":"SZW","role":"requester","exp":{{exp}}}""") + ".";
        return AssertRefused(entrance, unsigned);
    }

    [Theory, MemberData(nameof(Entrances))]
    public Task Tampered_payload_with_the_original_signature(string entrance)
    {
        var real = platform.Token(Persona.MitMember).Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(real[1].Replace('-', '+').Replace('_', '/'))));
        var raised = payload.Replace("\"mit-member\"", "\"mit-secretariat\"", StringComparison.Ordinal);
        Assert.NotEqual(payload, raised);
        var forged = real[0] + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes(raised)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + real[2];
        return AssertRefused(entrance, forged);
    }

    [Theory, MemberData(nameof(Entrances))]
    public Task Signed_with_a_key_the_identity_service_does_not_publish(string entrance)
    {
        using var unknown = System.Security.Cryptography.RSA.Create(2048);
        return AssertRefused(entrance, platform.Forge(Claims(), key: unknown));
    }

    [Theory, MemberData(nameof(Entrances))]
    public async Task Signed_with_an_older_key_still_published_during_rotation_is_accepted(string entrance)
    {
        var claims = Claims();
        claims["org"] = "SZW";
        Assert.Equal((StatusCode.OK, StatusCode.OK), await Call(entrance, platform.Forge(claims, key: platform.RotatedOutKey)));
    }

    [Fact]
    public async Task A_token_for_one_service_is_refused_by_the_other()
    {
        var desksOnly = platform.Token(Persona.SzwRequester, scope: "committees");
        var services = GrpcChannel.ForAddress(platform.Host.ServicesAddress);
        foreach (var channel in new[] { platform.Channel, services })
        {
            var invoker = PlatformFixture.Invoker(channel, desksOnly);
            Assert.Equal(StatusCode.Unauthenticated, await Status(() => new V1.AdviceRequests.AdviceRequestsClient(invoker).ListRequestsAsync(new ListRequestsRequest()).ResponseAsync));
            // The same token reaches the desks service, which then decides on the role (an SZW requester has no desk).
            Assert.Equal(StatusCode.PermissionDenied, await Status(() => new CommitteeDesks.CommitteeDesksClient(invoker).ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit }).ResponseAsync));
        }
    }

    [Fact]
    public async Task A_client_credentials_token_is_refused_on_user_only_calls()
    {
        var issued = await platform.RequestToken(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = PlatformFixture.ServiceClientId,
            ["client_secret"] = platform.ServiceClientSecret, ["scope"] = "advice-requests committees",
        });
        Assert.Equal(200, issued.Status);
        var client = new V1.AdviceRequests.AdviceRequestsClient(platform.Invoker(issued.AccessToken));
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => client.DraftRequestAsync(Requests.Draft()).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => client.ListRequestsAsync(new ListRequestsRequest()).ResponseAsync));
    }

    [Fact]
    public async Task The_portals_own_token_carries_no_role_and_opens_only_the_public_record()
    {
        var issued = await platform.RequestToken(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "mit-portal",
            ["client_secret"] = AllInOne.AllInOneHost.PortalClientSecret, ["scope"] = "publication advice-requests",
        });
        Assert.Equal(200, issued.Status);
        var parts = issued.AccessToken!.Split('.');
        using var payload = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(Pad(parts[1].Replace('-', '+').Replace('_', '/'))));
        Assert.False(payload.RootElement.TryGetProperty(PlatformClaims.Role, out _), "the portal's own token has no role");
        // The gateway recognises the portal's reads by this claim (its public rate limit counts the visitor instead).
        Assert.Equal("mit-portal", payload.RootElement.GetProperty("client_id").GetString());

        var invoker = platform.Invoker(issued.AccessToken);
        Assert.Equal(StatusCode.PermissionDenied, await Status(() => new V1.AdviceRequests.AdviceRequestsClient(invoker).ListRequestsAsync(new ListRequestsRequest()).ResponseAsync));
        Assert.Equal(StatusCode.OK, await Status(() => new PublicRecords.PublicRecordsClient(invoker).ListPublishedAsync(new ListPublishedRequest()).ResponseAsync));
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
}
