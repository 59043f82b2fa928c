using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.AllInOne;
using Mit.Platform.Committees.Data;
using Mit.Platform.Testing;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// Issue 15, item 5: in Development an operator advances the platform's clock through the gateway and the 48 hours
/// of a deadline pass at once for every service of the all-in-one; a Production host refuses to start with an offset
/// and does not serve the RPC. Each test starts its own host, so the shared platform's time never moves.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DevelopmentClockTests(PlatformFixture platform)
{
    internal static Dictionary<string, string?> Dedicated(string folder, string environment) => new()
    {
        ["Environment"] = environment,
        ["AllInOne:DataDirectory"] = folder,
        ["Gateway:Port"] = "0",
        ["Gateway:WebPort"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    internal static void Cleanup(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    internal static async Task<CallInvoker> As(AllInOneHost host, GrpcChannel channel, string user, string scope = "advice-requests committees")
    {
        using var web = new HttpClient { BaseAddress = host.WebAddress };
        return PlatformFixture.Invoker(channel, await new DemoTokens(web).GetAsync(user, scope));
    }

    [Fact]
    public async Task An_operator_advances_the_clock_past_a_deadline_and_the_seal_lifts_as_it_would_48_hours_later()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mit-clock-dev-" + Guid.NewGuid().ToString("n"));
        await using (var host = await AllInOneHost.StartAsync([], Dedicated(folder, "Development")))
        {
            using var channel = GrpcChannel.ForAddress(host.GatewayAddress);
            var operatorClock = new V1.DevelopmentClock.DevelopmentClockClient(await As(host, channel, "operator"));
            Assert.Equal(Duration.FromTimeSpan(TimeSpan.Zero), (await operatorClock.GetClockAsync(new GetClockRequest())).Offset);
            var chairClock = new V1.DevelopmentClock.DevelopmentClockClient(await As(host, channel, "mit-chair"));
            await Composition.Refused(() => chairClock.AdvanceClockAsync(new AdvanceClockRequest { IdempotencyKey = Requests.Key(), AdvanceBy = Duration.FromTimeSpan(TimeSpan.FromHours(1)) }).ResponseAsync,
                StatusCode.PermissionDenied);
            await Composition.Refused(() => operatorClock.AdvanceClockAsync(new AdvanceClockRequest { IdempotencyKey = Requests.Key() }).ResponseAsync,
                StatusCode.InvalidArgument, "advance_by");

            // An urgent request (deadline: release + 48 h), the MIT adopted, the OMT not.
            var draft = await new V1.AdviceRequests.AdviceRequestsClient(await As(host, channel, "szw-requester")).DraftRequestAsync(Requests.Draft());
            var released = await new V1.AdviceRequests.AdviceRequestsClient(await As(host, channel, "vws-requester")).CoSignAsync(Requests.CoSign(draft));
            await new CommitteeDesks.CommitteeDesksClient(await As(host, channel, "mit-secretariat")).OnDesk(Committee.Mit, released.Id);
            await new CommitteeComposition.CommitteeCompositionClient(await As(host, channel, "mit-chair")).AdoptAdviceAsync(Composition.AdoptionByBoth(released.Id));
            var ministry = new CommitteeComposition.CommitteeCompositionClient(await As(host, channel, "szw-requester"));
            Assert.True((await ministry.GetAdviceAsync(new GetAdviceRequest { RequestId = released.Id })).Advice.Single(a => a.Committee == Committee.Mit).Sealed);

            var advance = new AdvanceClockRequest { IdempotencyKey = Requests.Key(), AdvanceBy = Duration.FromTimeSpan(TimeSpan.FromHours(49)) };
            var advanced = await operatorClock.AdvanceClockAsync(advance);
            // A retry is the first answer; the clock does not move twice.
            Assert.Equal(advanced, await operatorClock.AdvanceClockAsync(advance));
            Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromHours(49)), (await operatorClock.GetClockAsync(new GetClockRequest())).Offset);
            Assert.True(advanced.Now.ToDateTimeOffset() > released.Deadline.ToDateTimeOffset());

            // The reveal sweep reads the same clock: the deadline has passed for it.
            Assert.True(await host.Services.GetRequiredService<AdviceReveals>().RevealDueAsync(CancellationToken.None) >= 1);
            var revealed = await ministry.GetAdviceAsync(new GetAdviceRequest { RequestId = released.Id });
            Assert.False(revealed.Advice.Single(a => a.Committee == Committee.Mit).Sealed);
            Assert.True(revealed.RevealedAt.ToDateTimeOffset() > released.Deadline.ToDateTimeOffset());
        }
        Cleanup(folder);
    }

    private Dictionary<string, string?> Production(string folder)
    {
        var settings = Dedicated(folder, "Production");
        settings["Identity:SigningKeys:0"] = platform.SigningKey.ExportPkcs8PrivateKeyPem();
        settings["Identity:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Briefings:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return settings;
    }

    [Fact]
    public async Task A_Production_host_refuses_to_start_with_a_clock_offset()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mit-clock-prod-offset-" + Guid.NewGuid().ToString("n"));
        var settings = Production(folder);
        settings["Clock:Offset"] = "2.00:00:00";

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => AllInOneHost.StartAsync([], settings));

        Assert.Contains("Clock:Offset", e.Message, StringComparison.Ordinal);
        Assert.Contains("Development only", e.Message, StringComparison.Ordinal);
        Cleanup(folder);
    }

    [Fact]
    public async Task A_Production_host_serves_no_clock_RPC_and_keeps_the_machines_time()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mit-clock-prod-" + Guid.NewGuid().ToString("n"));
        await using (var host = await AllInOneHost.StartAsync([], Production(folder)))
        {
            Assert.Null(host.Services.GetService<BuildingBlocks.Hosting.DevelopmentClock>());
            Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
            // An operator's token (Production has no password grant: signed with the host's key, as the identity
            // service would) through the gateway: the method does not exist.
            var token = platform.Forge(new Dictionary<string, object>
            {
                ["iss"] = host.WebAddress.ToString(), ["aud"] = new[] { "committees" }, ["sub"] = "an-operator", ["name"] = "Operator",
                ["org"] = "PLATFORM", ["role"] = new[] { "operator" },
            });
            using var channel = GrpcChannel.ForAddress(host.GatewayAddress);
            var clock = new V1.DevelopmentClock.DevelopmentClockClient(PlatformFixture.Invoker(channel, token));
            var e = await Assert.ThrowsAsync<RpcException>(() => clock.AdvanceClockAsync(new AdvanceClockRequest
            { IdempotencyKey = Requests.Key(), AdvanceBy = Duration.FromTimeSpan(TimeSpan.FromDays(2)) }).ResponseAsync);
            Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        }
        Cleanup(folder);
    }
}
