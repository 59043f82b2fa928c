using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Domain;

namespace Mit.Platform.Briefings.Access;

/// <summary>A recipient's copy of one briefing: the briefing, the copy's watermark id, and the watermarked content.</summary>
public sealed record DeliveredCopy(BriefingRow Briefing, string WatermarkId, byte[] Content);

/// <summary>
/// The read protocol: every briefing anyone reads, listed or streamed, passes here, in this order.
/// <list type="number">
/// <item>The gate (<see cref="AccessGate.CheckAsync"/>): for the MIT a proposal and a consent for that request, a role in
/// the consented audience and a current seat (asked of Committees); answers cached under epochs that every change bumps
/// before its call returns, so a revocation holds on every replica.</item>
/// <item>The content is opened with the master key; a wrong key or changed bytes serve nothing (fail closed).</item>
/// <item>In one audit transaction, before anything is served: the sharing's database epoch is re-read (a revocation
/// committed since the gate's answer denies), and the read is recorded as allowed, denied or failed.</item>
/// <item>The copy is watermarked for its recipient; the watermark id is in the audit record.</item>
/// </list>
/// </summary>
public sealed class BriefingReads(BriefingsDbContext db, AuditLog audit, AccessGate gate, BriefingCipher cipher, TimeProvider time)
{
    /// <summary>How an allowed read's audit detail names its recipient (TraceWatermark reads it back).</summary>
    public const string CopyFor = "copy for ";

    /// <summary>Step 1: may this caller read this request's briefings now?</summary>
    public Task<AccessCheck> CheckAsync(Caller caller, Guid requestId, CancellationToken ct) => gate.CheckAsync(caller, requestId, ct);

    /// <summary>Steps 2–4 for one briefing: the recipient's copy, or null when the read is (now) denied.</summary>
    /// <param name="via">What the audit record names as the action: "read" or "watch".</param>
    public async Task<DeliveredCopy?> DeliverAsync(Caller caller, BriefingRow briefing, AccessCheck check, string via, CancellationToken ct)
    {
        byte[]? plaintext = null;
        string? unreadable = null;
        if (check.Allowed)
        {
            var stored = await db.Contents.AsNoTracking().SingleAsync(c => c.BriefingId == briefing.Id, ct);
            try
            {
                plaintext = cipher.Open(briefing.Id, new SealedContent(stored.WrappedKey, stored.Ciphertext, stored.MasterKeyId));
            }
            catch (ContentUnreadableException e)
            {
                unreadable = e.Message;
            }
        }
        var watermarkId = Watermark.NewId();
        var now = time.GetUtcNow();
        var outcome = await audit.WriteAsync(async chain =>
        {
            var result = check.Outcome;
            if (result == AccessOutcome.Allowed && !check.Omt)
            {
                var epoch = await db.Sharings.AsNoTracking().Where(s => s.RequestId == briefing.RequestId).Select(s => (long?)s.Epoch).SingleOrDefaultAsync(ct);
                if (epoch != check.Sharing?.Epoch)
                {
                    result = AccessOutcome.ConsentNotStanding;
                }
            }
            if (result == AccessOutcome.Allowed && unreadable is not null)
            {
                chain.Append(caller, via, "failed", unreadable, briefing.RequestId, briefing.Id);
                return (AccessOutcome?)null;
            }
            var allowed = result == AccessOutcome.Allowed;
            chain.Append(caller, via, allowed ? "allowed" : "denied", allowed ? CopyFor + caller.Name : result.ToString(), briefing.RequestId, briefing.Id,
                allowed ? watermarkId : "");
            return result;
        }, ct);
        if (outcome is null)
        {
            // Fail closed: a wrong master key or changed bytes serve nothing.
            throw new UnavailableException("The briefing's content cannot be opened with the configured master key; nothing was served.");
        }
        if (outcome != AccessOutcome.Allowed)
        {
            return null;
        }
        return new DeliveredCopy(briefing, watermarkId, Watermark.Apply(plaintext!, briefing.MediaType, caller.Name, caller.Subject, watermarkId, now));
    }
}
