using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>Live delivery in one process: the OMT and the MIT secretariat in step; the backlog when consent arrives; resume from a position.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BriefingsWatchTests(PlatformFixture platform)
{
    private readonly BriefingsDriver _b = new(platform);

    [Fact]
    public async Task Mit_secretariat_gets_the_backlog_at_consent_then_each_briefing_with_the_omt_and_resumes_from_a_position()
    {
        var request = await _b.ReleasedAsync();
        var first = await _b.AddAsync(request.Id, "first " + BriefingsDriver.Secret);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var omt = _b.As("omt-secretary").WatchBriefings(new WatchBriefingsRequest { RequestId = request.Id }, cancellationToken: cts.Token);
        using var mit = _b.As("mit-secretariat").WatchBriefings(new WatchBriefingsRequest { RequestId = request.Id }, cancellationToken: cts.Token);

        Assert.Equal(first.BriefingId, (await Next(omt, u => u.Briefing is not null)).Briefing.Info.BriefingId);
        var notice = await Next(mit, u => u.Notice is not null);
        Assert.True(notice.Notice.Withheld);
        Assert.Equal("", notice.Notice.Title);

        await _b.ConsentAsync(request.Id, SharingAudience.WithSecretariat);
        var backlog = await Next(mit, u => u.Briefing is not null);
        Assert.Equal(first.BriefingId, backlog.Briefing.Info.BriefingId);
        Assert.StartsWith("first ", backlog.Briefing.Content.ToStringUtf8(), StringComparison.Ordinal);
        Assert.Contains(backlog.Briefing.WatermarkId, backlog.Briefing.Content.ToStringUtf8(), StringComparison.Ordinal);

        var second = await _b.AddAsync(request.Id, "second " + BriefingsDriver.Secret);
        Assert.Equal(second.BriefingId, (await Next(omt, u => u.Briefing is not null)).Briefing.Info.BriefingId);
        Assert.Equal(second.BriefingId, (await Next(mit, u => u.Briefing is not null)).Briefing.Info.BriefingId);

        // Reconnect after the first briefing's position: only what came after it.
        using var resumed = _b.As("mit-secretariat").WatchBriefings(new WatchBriefingsRequest { RequestId = request.Id, FromPosition = backlog.Briefing.Info.Position },
            cancellationToken: cts.Token);
        Assert.Equal(second.BriefingId, (await Next(resumed, u => u.Briefing is not null)).Briefing.Info.BriefingId);

        await _b.RevokeAsync(request.Id, "vws-minister");
        Assert.Equal(SharingState.Revoked, (await Next(mit, u => u.Sharing is { State: SharingState.Revoked })).Sharing.State);
        var third = await _b.AddAsync(request.Id, "third");
        var withheld = await Next(mit, u => u.Notice is not null || u.Briefing is not null);
        Assert.Equal(third.BriefingId, withheld.Notice.BriefingId);
        cts.Cancel();
    }

    private static async Task<BriefingUpdate> Next(AsyncServerStreamingCall<BriefingUpdate> call, Func<BriefingUpdate, bool> wanted)
    {
        while (await call.ResponseStream.MoveNext())
        {
            if (wanted(call.ResponseStream.Current))
            {
                return call.ResponseStream.Current;
            }
        }
        throw new Xunit.Sdk.XunitException("The stream ended before the expected update.");
    }
}
