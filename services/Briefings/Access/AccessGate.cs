using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Domain;
using Mit.Platform.Briefings.Outbound;
using StackExchange.Redis;

namespace Mit.Platform.Briefings.Access;

/// <summary>An access decision and the sharing (with its epoch) it was made on.</summary>
public sealed record AccessCheck(AccessOutcome Outcome, Sharing? Sharing, bool Omt)
{
    public bool Allowed => Outcome == AccessOutcome.Allowed;
}

/// <summary>
/// Decides whether a caller may read a request's briefings (AccessRules) from two cached inputs, each read from Redis
/// together with its scope's epoch in one round trip (EpochCache): the request's sharing (scope per request, bumped by
/// every proposal, consent, refusal, revocation and expiry) and the reader's membership (scope per committee, bumped by
/// CommitteeMembershipChanged).
///
/// Why a revocation is safe everywhere once RevokeConsent returns:
/// 1. The database is the truth. The revocation commits first, raising the sharing's epoch in the database.
/// 2. It then bumps the request's epoch in Redis before the call returns; if that bump fails the call reports
///    Unavailable (never silent success) and a retry with the same idempotency key bumps again.
/// 3. A cached sharing is read with the scope's current epoch atomically, and a writer stores what it read under the
///    epoch it saw before reading the database, so no replica reads a pre-revocation answer after the bump.
/// 4. Independently of the cache, an allowed MIT read is only served after its audit record is written in a
///    transaction that holds the audit chain head and re-reads the sharing's database epoch; if it differs from the
///    epoch the decision was made on, the read is denied. A revocation that committed before that transaction is
///    therefore seen even if Redis had lost the bump.
/// If Redis cannot be reached, the gate reads the database and asks Committees directly (fail closed, never stale).
/// </summary>
public sealed class AccessGate(
    EpochCache cache,
    Func<Guid, CancellationToken, Task<Sharing?>> loadSharing,
    Func<string, MembershipQuestion, CancellationToken, Task<bool>> askMembership,
    TimeProvider time)
{
    private const string SharingKey = "sharing";
    private const string NoSharing = "-";
    private static readonly TimeSpan SharingTimeToLive = TimeSpan.FromMinutes(10);
    /// <summary>Membership answers are short-lived even without a change event, as a bound on a lost one.</summary>
    private static readonly TimeSpan MembershipTimeToLive = TimeSpan.FromMinutes(5);

    public static string RequestScope(Guid requestId) => "briefings:request:" + requestId.ToString("N");

    public static string MembershipScope(string committee) => "briefings:membership:" + committee;

    public async Task<AccessCheck> CheckAsync(Caller caller, Guid requestId, CancellationToken ct)
    {
        // The likely membership answer is looked up while the sharing is read: one round trip's wait, not two.
        var likely = AccessRules.LikelyQuestion(caller.Roles);
        var prefetch = likely is null ? null : PeekMembershipAsync(caller.Subject, likely);
        var sharing = await SharingAsync(requestId, ct);
        var step = AccessRules.Evaluate(caller.Roles, sharing, time.GetUtcNow());
        var omt = step.Ask?.Committee == "OMT";
        var peeked = prefetch is null ? null : await prefetch;
        if (step.Denied is { } denied)
        {
            return new AccessCheck(denied, sharing, omt);
        }
        var member = step.Ask!.Key == likely?.Key && peeked is { } answer
            ? answer
            : await IsMemberAsync(caller.Subject, step.Ask, ct);
        return new AccessCheck(AccessRules.Decide(step, member), sharing, omt);
    }

    /// <summary>A cached membership answer under the scope's current epoch, or null (a miss, or Redis unreachable).</summary>
    private async Task<bool?> PeekMembershipAsync(string subject, MembershipQuestion question)
    {
        try
        {
            var cached = await cache.GetAsync(MembershipScope(question.Committee), subject + "|" + question.Key);
            return cached.Value is { } answer ? answer == "1" : null;
        }
        catch (Exception e) when (EpochCacheExtensions.IsUnreachable(e))
        {
            return null;
        }
    }

    /// <summary>The request's sharing as cached under its current epoch, else from the database.</summary>
    public async Task<Sharing?> SharingAsync(Guid requestId, CancellationToken ct)
    {
        var scope = RequestScope(requestId);
        CachedAnswer? cached = null;
        try
        {
            cached = await cache.GetAsync(scope, SharingKey);
            if (cached.Value.Value is { } json)
            {
                return json == NoSharing ? null : BriefingsDbContext.DeserializeSharing(json);
            }
        }
        catch (Exception e) when (EpochCacheExtensions.IsUnreachable(e))
        {
            cached = null;
        }
        var sharing = await loadSharing(requestId, ct);
        if (cached is { } miss)
        {
            await TrySetAsync(scope, miss.Epoch, SharingKey, sharing is null ? NoSharing : BriefingsDbContext.Serialize(sharing), SharingTimeToLive);
        }
        return sharing;
    }

    private async Task<bool> IsMemberAsync(string subject, MembershipQuestion question, CancellationToken ct)
    {
        var scope = MembershipScope(question.Committee);
        var key = subject + "|" + question.Key;
        CachedAnswer? cached = null;
        try
        {
            cached = await cache.GetAsync(scope, key);
            if (cached.Value.Value is { } answer)
            {
                return answer == "1";
            }
        }
        catch (Exception e) when (EpochCacheExtensions.IsUnreachable(e))
        {
            cached = null;
        }
        var member = await askMembership(subject, question, ct);
        if (cached is { } miss)
        {
            await TrySetAsync(scope, miss.Epoch, key, member ? "1" : "0", MembershipTimeToLive);
        }
        return member;
    }

    /// <summary>Invalidates the request's cached sharing on every replica; retried, then reported.</summary>
    public async Task InvalidateAsync(Guid requestId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await cache.BumpAsync(RequestScope(requestId));
                return;
            }
            catch (Exception e) when (EpochCacheExtensions.IsUnreachable(e) && attempt < 3)
            {
                await Task.Delay(50 * attempt);
            }
            catch (Exception e) when (EpochCacheExtensions.IsUnreachable(e))
            {
                throw Upstream.Unavailable("The change is recorded, but not every replica could be told yet; retry with the same idempotency key.");
            }
        }
    }

    // A lost cache write only costs the next reader a database read.
    private async Task TrySetAsync(string scope, long epoch, string key, string value, TimeSpan timeToLive)
    {
        try
        {
            await cache.SetAsync(scope, epoch, key, value, timeToLive);
        }
        catch (Exception e) when (EpochCacheExtensions.IsUnreachable(e))
        {
        }
    }
}
