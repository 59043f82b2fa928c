using Grpc.Net.Client;
using Mit.Platform.V1;
using StackExchange.Redis;

namespace Mit.Platform.SystemTests;

/// <summary>
/// CheckMembership answers are cached in Redis; a composition change made on one Committees replica must be seen by
/// the next check on the other replica, and its CommitteeMembershipChanged event (over RabbitMQ) bumps the cache again.
/// </summary>
[Collection(ReplicatedCollection.Name)]
public sealed class MembershipCacheSystemTests(ReplicatedPlatform platform)
{
    private static readonly TimeZoneInfo Netherlands = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [Fact]
    public async Task A_membership_change_on_one_replica_is_seen_by_the_next_cached_check_on_the_other_and_its_event_invalidates_again()
    {
        using var first = GrpcChannel.ForAddress(platform.Cluster.CommitteesReplicas[0].Address);
        using var second = GrpcChannel.ForAddress(platform.Cluster.CommitteesReplicas[1].Address);
        var checker = new CommitteeComposition.CommitteeCompositionClient(platform.Cluster.As(first, "szw-minister"));
        var changer = new CommitteeComposition.CommitteeCompositionClient(platform.Cluster.As(second, "szw-minister"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(platform.Cluster.Redis.ConnectionString);
        var epoch = (RedisKey)"mit:epoch:committees:membership:MIT";
        var subject = "system-test-" + Guid.NewGuid().ToString("n");
        var check = new CheckMembershipRequest { Subject = subject, Committee = Committee.Mit };
        var termStart = (await checker.GetCompositionAsync(new GetCompositionRequest { Committee = Committee.Mit })).Committee.TermStart;

        // Asked twice on the first replica: the second answer comes from the cache.
        Assert.False((await checker.CheckMembershipAsync(check)).Member);
        Assert.False((await checker.CheckMembershipAsync(check)).Member);
        var before = (long)await redis.GetDatabase().StringGetAsync(epoch);

        var seat = await changer.AppointAsync(new AppointRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Committee = Committee.Mit, Subject = subject, Name = "Secretariat (system test)",
            Seat = SeatKind.Secretariat, From = termStart,
        });
        var appointed = await checker.CheckMembershipAsync(check);
        Assert.True(appointed.Member);
        Assert.Equal(SeatKind.Secretariat, appointed.Seat);
        Assert.True((await checker.CheckMembershipAsync(check)).Member);

        var yesterday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Netherlands).DateTime).AddDays(-1);
        await changer.EndAppointmentAsync(new EndAppointmentRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Committee = Committee.Mit, AppointmentId = seat.AppointmentId,
            LastDay = yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.False((await checker.CheckMembershipAsync(check)).Member);

        // Two changes: each bumped the epoch once when it returned and once more when its event was consumed.
        var after = await Eventually(async () => (long)await redis.GetDatabase().StringGetAsync(epoch), e => e >= before + 4);
        Assert.True(after >= before + 4, $"epoch went from {before} to {after}; expected at least 4 bumps (2 direct, 2 by CommitteeMembershipChanged)");
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }
}
