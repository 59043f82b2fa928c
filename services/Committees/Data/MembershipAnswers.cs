using System.Text.Json;
using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Committees.Domain.Composition;
using Committee = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.Committees.Data;

/// <summary>The answer to "does this subject hold a seat (of these kinds) on this date?".</summary>
public sealed record MembershipAnswer(bool Member, SeatKind? Seat, bool HasVote, Guid? CommitteeId, DateOnly? Until);

/// <summary>
/// Membership answers for today, cached per committee under an epoch that every composition change bumps: directly
/// after the change commits, and again when its CommitteeMembershipChanged event arrives (which also covers a
/// bump that failed). Answers about another date are computed, not cached.
/// </summary>
public sealed partial class MembershipAnswers(CommitteesDbContext db, EpochCache cache, ILogger<MembershipAnswers> logger)
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    public static string Scope(Committee committee) => "committees:membership:" + committee;

    public async Task<MembershipAnswer> CheckAsync(string subject, Committee kind, IReadOnlyCollection<SeatKind> seats, DateOnly date, bool cacheable,
        CancellationToken ct)
    {
        var key = $"{date:yyyy-MM-dd}|{string.Join(',', seats.Order())}|{subject}";
        var cached = cacheable ? await cache.GetAsync(Scope(kind), key) : default;
        if (cached.Value is not null)
        {
            return JsonSerializer.Deserialize<MembershipAnswer>(cached.Value)!;
        }
        var committees = await db.CommitteesAsync(kind, ct);
        var committee = committees.LastOrDefault(x => x.Committee.Decree.InForceOn(date)).Committee;
        var seat = committee?.SeatOf(subject, date);
        var answer = committee is not null && seat is not null && (seats.Count == 0 || seats.Contains(seat.Seat))
            ? new MembershipAnswer(true, seat.Seat, seat.HasVote, committee.Id, committee.EndOf(seat))
            : new MembershipAnswer(false, null, false, null, null);
        if (cacheable)
        {
            await cache.SetAsync(Scope(kind), cached.Epoch, key, JsonSerializer.Serialize(answer), TimeToLive);
        }
        return answer;
    }

    public Task InvalidateAsync(Committee kind) => cache.BumpAsync(Scope(kind));

    /// <summary>
    /// After a committed composition change: every replica's cached answers are stale now. If Redis cannot be told, the
    /// call that made the change still succeeds — it is committed — and its CommitteeMembershipChanged event bumps the
    /// epoch again when it arrives (MembershipChangedConsumer).
    /// </summary>
    public async Task InvalidateAfterChangeAsync(Committee kind)
    {
        try
        {
            await InvalidateAsync(kind);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException) // RedisTimeoutException is a TimeoutException
        {
            LogInvalidationFailed(logger, kind.ToString(), e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate cached {Committee} memberships now; the change event will")]
    private static partial void LogInvalidationFailed(ILogger logger, string committee, Exception e);
}
