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
public sealed class MembershipAnswers(CommitteesDbContext db, EpochCache cache)
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
}
