using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

[Collection(PlatformCollection.Name)]
public sealed class WatchDeskTests(PlatformFixture platform)
{
    private readonly V1.AdviceRequests.AdviceRequestsClient _szw = platform.Requests(Persona.SzwRequester);
    private readonly V1.AdviceRequests.AdviceRequestsClient _vws = platform.Requests(Persona.VwsRequester);
    private readonly CommitteeDesks.CommitteeDesksClient _desk = platform.Desks(Persona.MitSecretariat);

    private async Task<string> Release()
    {
        var draft = await _szw.DraftRequestAsync(Requests.Draft());
        return (await _vws.CoSignAsync(Requests.CoSign(draft))).Id;
    }

    private static async Task<List<DeskEntry>> Read(IAsyncStreamReader<DeskEntry> stream, int count)
    {
        var entries = new List<DeskEntry>();
        while (entries.Count < count && await stream.MoveNext())
        {
            entries.Add(stream.Current);
        }
        return entries;
    }

    [Fact]
    public async Task A_watcher_that_reconnects_from_its_position_misses_nothing_and_sees_nothing_twice()
    {
        var start = (await _desk.ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit, PageSize = 1000 })).Entries.Select(e => e.Position).DefaultIfEmpty(0).Max();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var released = new List<string> { await Release(), await Release() };
        List<DeskEntry> firstPart;
        using (var first = _desk.WatchDesk(new WatchDeskRequest { Committee = Committee.Mit, FromPosition = start }, cancellationToken: timeout.Token))
        {
            firstPart = await Read(first.ResponseStream, 2);
        } // disconnect

        // Released while nobody watched, then one more while the watcher is back (live).
        released.Add(await Release());
        released.Add(await Release());
        using var second = _desk.WatchDesk(new WatchDeskRequest { Committee = Committee.Mit, FromPosition = firstPart[^1].Position }, cancellationToken: timeout.Token);
        var secondPart = await Read(second.ResponseStream, 2);
        released.Add(await Release());
        secondPart.AddRange(await Read(second.ResponseStream, 1));

        var all = firstPart.Concat(secondPart).ToList();
        Assert.Equal(released, all.Select(e => e.RequestId));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => start + i), all.Select(e => e.Position));
    }

    [Fact]
    public async Task The_desk_of_one_committee_is_closed_to_the_other_committee()
    {
        var omt = platform.Desks(Persona.OmtSecretary);
        var e = await Assert.ThrowsAsync<RpcException>(() => omt.ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);

        using var watch = omt.WatchDesk(new WatchDeskRequest { Committee = Committee.Mit });
        var streamed = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.PermissionDenied, streamed.StatusCode);

        var member = platform.Desks(Persona.MitMember);
        var denied = await Assert.ThrowsAsync<RpcException>(() => member.ListDeskAsync(new ListDeskRequest { Committee = Committee.Mit }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }
}
