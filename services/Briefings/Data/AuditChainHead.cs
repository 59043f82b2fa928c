using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;

namespace Mit.Platform.Briefings.Data;

/// <summary>
/// The gauge mit.audit.chain.head: the sequence number of the audit chain's head. It only grows; an operator alerts on
/// it standing still while briefings are read, or going back (a restored or tampered store).
/// </summary>
public static class AuditChainHead
{
    public const string Name = "mit.audit.chain.head";

    public static IEnumerable<Measurement<long>> Read(BriefingsDbContext db) =>
        [new(db.AuditHead.AsNoTracking().Select(h => h.Sequence).Single())];
}
