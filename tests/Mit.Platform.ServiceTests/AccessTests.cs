using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>No anonymous path: every call needs a valid token for the platform, and the right role and ministry.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessTests(PlatformFixture platform)
{
    private static async Task<StatusCode> Status(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;

    private Task<StatusCode> Draft(string? token) =>
        Status(() => new V1.AdviceRequests.AdviceRequestsClient(platform.Invoker(token)).DraftRequestAsync(Requests.Draft()).ResponseAsync);

    [Fact]
    public async Task No_token_is_unauthenticated()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            new V1.AdviceRequests.AdviceRequestsClient(platform.Invoker(null)).DraftRequestAsync(Requests.Draft()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("A valid bearer token for this platform is required.", e.Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, await Status(() =>
            new CommitteeDesks.CommitteeDesksClient(platform.Invoker(null)).ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit }).ResponseAsync));
    }

    [Fact]
    public async Task Only_requesters_of_SZW_or_VWS_may_draft()
    {
        Assert.Equal(StatusCode.PermissionDenied, await Draft(platform.Token(Persona.MitSecretariat)));
        Assert.Equal(StatusCode.PermissionDenied, await Draft(platform.Token(Persona.Operator)));
        Assert.Equal(StatusCode.PermissionDenied, await Draft(platform.Token(Persona.RivmRequester)));
    }

    [Fact]
    public async Task Services_check_the_token_themselves_not_only_the_gateway()
    {
        using var direct = Grpc.Net.Client.GrpcChannel.ForAddress(platform.Host.ServicesAddress);
        var client = new V1.AdviceRequests.AdviceRequestsClient(direct);
        Assert.Equal(StatusCode.Unauthenticated, await Status(() => client.DraftRequestAsync(Requests.Draft()).ResponseAsync));
    }
}
